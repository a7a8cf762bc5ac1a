using System.Collections.Concurrent;
using MassTransit;
using Platform.Contracts;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Rollouts;

/// <summary>
/// Rolls a service out to a digest: one rollout per service at a time; the digest that already serves,
/// or that is being rolled out, is a no-op; a newer digest supersedes a rollout in progress (cancelled,
/// its new version removed); every outcome is recorded and announced.
/// </summary>
public sealed class ServiceRollout(
    IServiceTarget target,
    DeploymentHistory history,
    IBus bus,
    TimeProvider time,
    ILogger<ServiceRollout> logger)
{
    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    public async Task RollOutAsync(ServiceDeployment service, ImageDigestChanged change, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(service.Name, _ => new Slot());
        using var rollout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationTokenSource? superseded;
        lock (slot)
        {
            if (slot.Digest == change.Digest)
            {
                logger.LogInformation("{Service} is being rolled out to {Digest} already: nothing to do", service.Name, change.Digest);
                return;
            }

            (superseded, slot.Current, slot.Digest) = (slot.Current, rollout, change.Digest);
        }

        if (superseded is not null)
        {
            logger.LogInformation("{Service}: {Digest} supersedes the rollout in progress", service.Name, change.Digest);
            try
            {
                await superseded.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // It finished in the meantime: there is nothing left to cancel.
            }
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            await RollOutOnceAsync(service, change, rollout.Token, cancellationToken);
        }
        finally
        {
            lock (slot)
            {
                if (slot.Current == rollout)
                {
                    (slot.Current, slot.Digest) = (null, null);
                }
            }

            slot.Gate.Release();
        }
    }

    private async Task RollOutOnceAsync(ServiceDeployment service, ImageDigestChanged change, CancellationToken rollout, CancellationToken stopping)
    {
        var registry = service.Image.Registry ?? change.Registry;
        var image = $"{registry}/{service.Image.Repository}";
        var record = new DeploymentRecord(service.Name, change.Digest, change.Commit, change.CorrelationId, DeploymentOutcome.Succeeded,
            null, null, null, time.GetUtcNow()) { Image = image };
        try
        {
            rollout.ThrowIfCancellationRequested();
            var running = await target.RunningDigestAsync(service, rollout);
            if (running == change.Digest)
            {
                logger.LogInformation("{Service} already runs {Digest}: nothing to do", service.Name, change.Digest);
                return;
            }

            logger.LogInformation("Rolling {Service} out from {Previous} to {Digest}", service.Name, running ?? "nothing", change.Digest);
            var started = await target.ReplaceAsync(service, registry, change.Digest, change.CorrelationId, rollout);
            var now = time.GetUtcNow();
            await history.RecordAsync(record with
            {
                ContainerId = started.ContainerId, Endpoint = started.Endpoint, At = now, PreviousDigest = started.PreviousDigest,
                Detail = started.Warnings.Count == 0 ? null : string.Join("; ", started.Warnings),
            }, stopping);
            await bus.Publish(new ServiceDeployed(change.CorrelationId, service.Name, image, change.Digest,
                started.PreviousDigest, started.ContainerId, started.Endpoint, now), stopping);
            logger.LogInformation("{Service} runs {Digest} at {Endpoint}", service.Name, change.Digest, started.Endpoint);
        }
        catch (DeploymentException failure)
        {
            var now = time.GetUtcNow();
            var rolledBack = failure.RestoredDigest is not null;
            logger.LogError("Rollout of {Service} to {Digest} failed{RolledBack}: {Reason}\n{LogTail}", service.Name, change.Digest,
                rolledBack ? $" and was rolled back to {failure.RestoredDigest}" : "", failure.Message, string.Join('\n', failure.LogTail));
            await history.RecordAsync(record with
            {
                Outcome = rolledBack ? DeploymentOutcome.RolledBack : DeploymentOutcome.Failed, Error = failure.Message, At = now,
                PreviousDigest = failure.RestoredDigest,
            }, stopping);
            await bus.Publish(new DeploymentFailed(change.CorrelationId, service.Name, image, change.Digest, failure.Message, failure.LogTail, now), stopping);
            if (failure.RestoredDigest is { } restored)
            {
                await bus.Publish(new DeploymentRolledBack(change.CorrelationId, service.Name, image, change.Digest, restored,
                    failure.Message, failure.LogTail, now), stopping);
            }
        }
        catch (OperationCanceledException) when (rollout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            logger.LogInformation("Rollout of {Service} to {Digest} was superseded by a newer digest", service.Name, change.Digest);
            await history.RecordAsync(record with
            {
                Outcome = DeploymentOutcome.Superseded, Error = "a newer digest arrived before this rollout finished", At = time.GetUtcNow(),
            }, stopping);
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CancellationTokenSource? Current { get; set; }

        public string? Digest { get; set; }
    }
}

using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Rollouts;

/// <summary>
/// Rolls a service out to a digest: one rollout per service at a time; the digest that already serves,
/// or that is being rolled out, is a no-op; a newer digest supersedes a rollout in progress (cancelled,
/// its new version removed); every outcome is recorded and announced. A rollout is in the history from
/// its start: one interrupted by a shutdown or a broker outage ends <c>Interrupted</c>, one an earlier
/// deployer process never finished is marked so at start (<see cref="RolloutRecovery"/>), and the redo
/// of the same digest names the interrupted one.
/// </summary>
public sealed class ServiceRollout(
    IServiceTarget target,
    DeploymentHistory history,
    DeploymentLedger ledger,
    RolloutRecovery recovery,
    IBus bus,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IOptions<DeployerOptions> options,
    ILogger<ServiceRollout> logger)
{
    private readonly string environment = options.Value.Environment;
    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    public Task<RolloutResult> RollOutAsync(ServiceDeployment service, ImageDigestChanged change, CancellationToken cancellationToken) =>
        RollOutAsync(service, RolloutRequest.From(change), cancellationToken);

    public async Task<RolloutResult> RollOutAsync(ServiceDeployment service, RolloutRequest change, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(service.Name, _ => new Slot());
        var rollout = new Run(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        using var cancellation = rollout.Cancellation;
        Run? superseded;
        lock (slot)
        {
            if (slot.Digest == change.Digest)
            {
                logger.LogInformation("{Service} is being rolled out to {Digest} already: nothing to do", service.Name, change.Digest);
                return RolloutResult.NothingToDo(null);
            }

            (superseded, slot.Current, slot.Digest) = (slot.Current, rollout, change.Digest);
        }

        if (superseded is not null)
        {
            logger.LogInformation("{Service}: {Digest} supersedes the rollout in progress", service.Name, change.Digest);
            superseded.Supersede();
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            await recovery.WaitAsync(cancellationToken);
            return await RollOutOnceAsync(service, change, rollout, cancellationToken);
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

    private async Task<RolloutResult> RollOutOnceAsync(ServiceDeployment service, RolloutRequest change, Run rollout, CancellationToken stopping)
    {
        using var activity = DeployerTelemetry.Source.StartActivity($"rollout {service.Name}");
        activity?.SetTag("platform.service", service.Name);
        activity?.SetTag("platform.digest", change.Digest);
        activity?.SetTag("vcs.commit", change.Commit);
        var registry = service.Image.Registry ?? change.Registry;
        var image = $"{registry}/{service.Image.Repository}";
        var record = new DeploymentRecord(service.Name, change.Digest, change.Commit, change.CorrelationId, DeploymentOutcome.Succeeded,
            null, null, null, time.GetUtcNow()) { Image = image };
        var stint = new StintStart(service.Name, DeploymentKind.Service, change.Digest, image, change.Tag, change.Commit, record.At)
        {
            PromotedFrom = change.Cause.PromotedFrom, SourceStint = change.Cause.SourceStint, CommandKey = change.Cause.CommandKey,
        };
        string? running = null;
        try
        {
            rollout.Token.ThrowIfCancellationRequested();
            running = await target.RunningDigestAsync(service, rollout.Token);
            var interrupted = await InterruptedRolloutOfAsync(service.Name, change.Digest, rollout.Token);
            if (interrupted is not null)
            {
                record = record with { RetryOf = interrupted.Id, Attempt = interrupted.Attempt + 1 };
                logger.LogWarning("Redoing rollout #{Interrupted} of {Service} to {Digest}, which was interrupted: {Why}",
                    interrupted.Id, service.Name, change.Digest, interrupted.Error);
            }

            if (running == change.Digest)
            {
                logger.LogInformation("{Service} already runs {Digest}: nothing to do", service.Name, change.Digest);
                if (interrupted is not null)
                {
                    // The interrupted rollout got as far as serving the new version: the history says how it ended.
                    await history.RecordAsync(record with { Detail = "it serves already: the interrupted rollout got that far", PreviousDigest = running }, stopping);
                }

                // A version that served before the ledger existed (or the redo of an interrupted one) gets its stint now.
                await ledger.StartAsync(stint, change.Cause.EndPrevious, change.Cause.EndDetail, stopping);
                return RolloutResult.NothingToDo(running);
            }

            logger.LogInformation("Rolling {Service} out from {Previous} to {Digest}", service.Name, running ?? "nothing", change.Digest);
            record = record with { Id = await history.RecordAsync(record with { Outcome = DeploymentOutcome.InProgress, PreviousDigest = running }, stopping) };
            var started = await target.ReplaceAsync(service, registry, change.Digest, change.CorrelationId, rollout.Token);
            var now = time.GetUtcNow();
            await SaveAsync(record with
            {
                ContainerId = started.ContainerId, Endpoint = started.Endpoint, At = now, PreviousDigest = started.PreviousDigest,
                Detail = started.Warnings.Count == 0 ? null : string.Join("; ", started.Warnings),
            }, stopping);
            await ledger.StartAsync(stint with { At = now }, change.Cause.EndPrevious, change.Cause.EndDetail, stopping);
            await bus.Publish(new ServiceDeployed(change.CorrelationId, service.Name, image, change.Digest,
                started.PreviousDigest, started.ContainerId, started.Endpoint, now, environment, change.Commit), stopping);
            logger.LogInformation("{Service} runs {Digest} at {Endpoint}", service.Name, change.Digest, started.Endpoint);
            return new RolloutResult(DeploymentOutcome.Succeeded, null, started.PreviousDigest);
        }
        catch (DeploymentException failure)
        {
            var now = time.GetUtcNow();
            var rolledBack = failure.RestoredDigest is not null;
            logger.LogError("Rollout of {Service} to {Digest} failed{RolledBack}: {Reason}\n{LogTail}", service.Name, change.Digest,
                rolledBack ? $" and was rolled back to {failure.RestoredDigest}" : "", failure.Message, string.Join('\n', failure.LogTail));
            await SaveAsync(record with
            {
                Outcome = rolledBack ? DeploymentOutcome.RolledBack : DeploymentOutcome.Failed, Error = failure.Message, At = now,
                PreviousDigest = failure.RestoredDigest, LogTail = failure.LogTail,
            }, stopping);
            await ledger.FailedRolloutAsync(stint with { At = now }, failure.Message, stopping);
            await bus.Publish(new DeploymentFailed(change.CorrelationId, service.Name, image, change.Digest, failure.Message, failure.LogTail, now,
                environment, change.Commit), stopping);
            if (failure.RestoredDigest is { } restored)
            {
                await bus.Publish(new DeploymentRolledBack(change.CorrelationId, service.Name, image, change.Digest, restored,
                    failure.Message, failure.LogTail, now, environment, change.Commit), stopping);
            }

            return new RolloutResult(rolledBack ? DeploymentOutcome.RolledBack : DeploymentOutcome.Failed, failure.Message, failure.RestoredDigest);
        }
        catch (OperationCanceledException) when (rollout.IsSuperseded && !stopping.IsCancellationRequested)
        {
            logger.LogInformation("Rollout of {Service} to {Digest} was superseded by a newer digest", service.Name, change.Digest);
            await SaveAsync(record with
            {
                Outcome = DeploymentOutcome.Superseded, Error = "a newer digest arrived before this rollout finished", At = time.GetUtcNow(),
            }, stopping);
            return new RolloutResult(DeploymentOutcome.Superseded, "a newer digest arrived before this rollout finished", running);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The message goes back to the broker and is delivered again: the redo's row names this one.
            var why = lifetime.ApplicationStopping.IsCancellationRequested
                ? "the deployer shut down before it finished"
                : "the delivery of its message was cancelled before it finished (the broker connection was lost)";
            logger.LogWarning("Rollout of {Service} to {Digest} was interrupted: {Why}; its new version was removed, {Previous} keeps serving, and the rollout is redone when its message is delivered again",
                service.Name, change.Digest, why, running ?? "the version that served before (if any)");
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await SaveAsync(record with { Outcome = DeploymentOutcome.Interrupted, Error = $"interrupted: {why}", At = time.GetUtcNow(), PreviousDigest = running }, bounded.Token);
            throw;
        }
    }

    /// <summary>The service's last rollout if it is an interrupted one of this digest: this rollout is its redo.</summary>
    private async Task<DeploymentRecord?> InterruptedRolloutOfAsync(string service, string digest, CancellationToken cancellationToken) =>
        (await history.ListAsync(service, 1, cancellationToken)) is [{ Outcome: DeploymentOutcome.Interrupted } last] && last.Digest == digest ? last : null;

    /// <summary>Completes the row written at the start of the rollout, or writes one if it ended before it had one.</summary>
    private async Task SaveAsync(DeploymentRecord record, CancellationToken cancellationToken)
    {
        if (record.Id == 0)
        {
            await history.RecordAsync(record, cancellationToken);
        }
        else
        {
            await history.CompleteAsync(record, cancellationToken);
        }
    }

    /// <summary>One rollout in progress: how to cancel it, and whether a newer digest did.</summary>
    private sealed class Run(CancellationTokenSource cancellation)
    {
        private volatile bool superseded;

        public CancellationTokenSource Cancellation => cancellation;

        public CancellationToken Token => cancellation.Token;

        public bool IsSuperseded => superseded;

        public void Supersede()
        {
            superseded = true;
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It finished in the meantime: there is nothing left to cancel.
            }
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Run? Current { get; set; }

        public string? Digest { get; set; }
    }
}

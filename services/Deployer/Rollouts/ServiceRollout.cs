using System.Collections.Concurrent;
using MassTransit;
using Platform.Catalog.Specs;
using Platform.Contracts;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Rollouts;

/// <summary>
/// Rolls a service out to a digest: one rollout per service at a time, the same digest twice is a
/// no-op, and every outcome is recorded and announced.
/// </summary>
public sealed class ServiceRollout(
    DockerServiceTarget target,
    DeploymentHistory history,
    IBus bus,
    TimeProvider time,
    ILogger<ServiceRollout> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    public async Task RollOutAsync(ImageSpec image, ImageDigestChanged change, CancellationToken cancellationToken)
    {
        var gate = locks.GetOrAdd(image.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var running = await target.RunningDigestAsync(image.Name, cancellationToken);
            if (running == change.Digest)
            {
                logger.LogInformation("{Service} already runs {Digest}: nothing to do", image.Name, change.Digest);
                return;
            }

            logger.LogInformation("Rolling {Service} out from {Previous} to {Digest}", image.Name, running ?? "nothing", change.Digest);
            try
            {
                var started = await target.ReplaceAsync(image, change.Registry, change.Digest, change.CorrelationId, cancellationToken);
                var now = time.GetUtcNow();
                await history.RecordAsync(new DeploymentRecord(image.Name, change.Digest, change.Commit, change.CorrelationId,
                    DeploymentOutcome.Succeeded, started.ContainerId, started.Endpoint, null, now), cancellationToken);
                await bus.Publish(new ServiceDeployed(change.CorrelationId, image.Name, $"{change.Registry}/{image.Name}", change.Digest,
                    running, started.ContainerId, started.Endpoint, now), cancellationToken);
                logger.LogInformation("{Service} runs {Digest} at {Endpoint}", image.Name, change.Digest, started.Endpoint);
            }
            catch (DeploymentException failure)
            {
                var now = time.GetUtcNow();
                logger.LogError("Rollout of {Service} to {Digest} failed: {Reason}\n{LogTail}", image.Name, change.Digest, failure.Message,
                    string.Join('\n', failure.LogTail));
                await history.RecordAsync(new DeploymentRecord(image.Name, change.Digest, change.Commit, change.CorrelationId,
                    DeploymentOutcome.Failed, null, null, failure.Message, now), cancellationToken);
                await bus.Publish(new DeploymentFailed(change.CorrelationId, image.Name, $"{change.Registry}/{image.Name}", change.Digest,
                    failure.Message, failure.LogTail, now), cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}

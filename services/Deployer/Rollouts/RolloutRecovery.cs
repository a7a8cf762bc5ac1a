using Platform.Deployer.Targets;

namespace Platform.Deployer.Rollouts;

/// <summary>
/// At start, before any rollout: a rollout still marked in progress was left by an earlier deployer process that
/// stopped without finishing it (killed, crashed, out of time at shutdown). Each is marked <c>Interrupted</c> with
/// a log line, and the target puts its service back as it was (a candidate removed, an old version started again);
/// its message, never acknowledged, is delivered again and redone.
/// </summary>
public sealed class RolloutRecovery(IServiceTarget target, DeploymentHistory history, TimeProvider time, ILogger<RolloutRecovery> logger)
    : IHostedService
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int started;

    public Task StartAsync(CancellationToken cancellationToken) => RecoverAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits until the recovery has run (running it if nothing has yet).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref started) == 0)
        {
            await RecoverAsync(cancellationToken);
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var rollout in await history.InProgressAsync(cancellationToken))
            {
                var restored = await target.RecoverAsync(rollout.Service, cancellationToken);
                var why = "interrupted: the deployer stopped before this rollout finished (found at its next start)";
                logger.LogWarning("Rollout #{Id} of {Service} to {Digest} was interrupted: the deployer stopped before it finished; {Restored}",
                    rollout.Id, rollout.Service, rollout.Digest, restored.Count == 0 ? "nothing was left to clean up" : string.Join("; ", restored));
                await history.CompleteAsync(rollout with
                {
                    Outcome = DeploymentOutcome.Interrupted, Error = why, At = time.GetUtcNow(),
                    Detail = string.Join("; ", restored.Prepend(rollout.Detail).OfType<string>()) is { Length: > 0 } detail ? detail : null,
                }, cancellationToken);
            }

            done.TrySetResult();
        }
        catch (Exception e)
        {
            // Rollouts must not wait forever for a recovery that failed: they clean up what they find themselves.
            logger.LogError(e, "Looking for rollouts an earlier deployer left unfinished failed");
            done.TrySetResult();
        }
    }
}

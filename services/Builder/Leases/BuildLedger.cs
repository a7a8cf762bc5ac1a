using Platform.Builder.History;
using Platform.Catalog.Planning;
using Platform.Contracts;

namespace Platform.Builder.Leases;

/// <summary>What the coordinator does with a planned build, given its key's lease.</summary>
public enum LeaseDecision
{
    /// <summary>Nobody holds the key: send the command.</summary>
    Send,

    /// <summary>A coordinator stopped between writing the lease and confirming the command: send it (again).</summary>
    Resend,

    /// <summary>A command for the key is queued or running (sent before a restart): wait for its answer, send nothing.</summary>
    Adopt,
}

public sealed record LeaseCheck(LeaseDecision Decision, BuildLease Lease);

/// <summary>
/// The coordinator's book of build keys and their attempts: decides before a command is sent whether it
/// must be, and turns the attempts' reports (started, pushed, failed) into history rows, so that an attempt
/// whose instance stopped is kept as interrupted and the one that took over says which attempt it is.
/// Not thread-safe: the coordinator calls it under its lock, one message at a time.
/// </summary>
public sealed class BuildLedger(BuildLeases leases, BuildHistory history, TimeProvider time, ILogger<BuildLedger> logger)
{
    public async Task<LeaseCheck> BeforeSendAsync(BuildLease wanted, CancellationToken cancellationToken)
    {
        var lease = await leases.FindAsync(wanted.BuildKey, cancellationToken);
        if (lease is { State: LeaseState.Queued or LeaseState.Running })
        {
            return new LeaseCheck(LeaseDecision.Adopt, lease);
        }

        // A key that is done is sent again all the same (a branch moved back to it wants its tags back): the
        // instance that takes it finds the key's index pushed and only sets the tags, so no second digest is made.
        var sending = wanted with { State = LeaseState.Sending, Attempt = lease?.Attempt ?? 0, AttemptId = null, Instance = null, StartedAt = null };
        await leases.SaveAsync(sending, time.GetUtcNow(), cancellationToken);
        return new LeaseCheck(lease is { State: LeaseState.Sending } ? LeaseDecision.Resend : LeaseDecision.Send, sending);
    }

    /// <summary>The broker confirmed the command (a start reported in the meantime stays as it is).</summary>
    public Task SentAsync(BuildLease lease, CancellationToken cancellationToken) =>
        leases.MarkQueuedAsync(lease.BuildKey, time.GetUtcNow(), cancellationToken);

    public async Task OnStartedAsync(ImageBuildStarted started, CancellationToken cancellationToken)
    {
        var lease = await leases.FindAsync(started.BuildKey, cancellationToken) ?? Unknown(started.BuildKey, started.Image, started.Commit, started.CorrelationId);
        if (lease.AttemptId == started.AttemptId || await history.HasAttemptAsync(started.AttemptId, cancellationToken))
        {
            return;
        }

        var attempt = lease.Attempt;
        if (lease.State == LeaseState.Running)
        {
            await InterruptedAsync(lease, attempt, lease.AttemptId, lease.Instance, started, cancellationToken);
        }
        else if (lease.State is LeaseState.Queued or LeaseState.Sending && started.Redelivered)
        {
            // The broker handed the command out before, and that instance stopped before it could report its start.
            attempt++;
            await InterruptedAsync(lease, attempt, null, null, started, cancellationToken);
        }

        attempt++;
        await leases.SaveAsync(
            lease with { State = LeaseState.Running, Attempt = attempt, AttemptId = started.AttemptId, Instance = started.Instance, StartedAt = started.StartedAt },
            time.GetUtcNow(), cancellationToken);
        logger.LogInformation("{Instance} starts attempt {Attempt} at {Image} for {Commit}", started.Instance, attempt, started.Image, BuildPlanner.Short(started.Commit));
    }

    /// <summary>Records the push of an attempt; null when it carries no build key or was recorded already (delivered twice).</summary>
    public async Task<BuildRecord?> OnPushedAsync(ImagePushed pushed, CancellationToken cancellationToken)
    {
        if (pushed.BuildKey is null)
        {
            return null;
        }

        var lease = await leases.FindAsync(pushed.BuildKey, cancellationToken) ?? Unknown(pushed.BuildKey, pushed.Image, pushed.Commit, pushed.CorrelationId);
        var attempt = AttemptOf(lease, pushed.AttemptId);
        var record = new BuildRecord(pushed.Image, pushed.Commit, pushed.CorrelationId, BuildOutcome.Succeeded, lease.Reason, pushed.Digest, null, null,
            StartOf(lease, pushed.AttemptId), pushed.PushedAt)
        {
            Inputs = lease.Inputs,
            BaseDigests = lease.BaseDigests,
            Platforms = pushed.Platforms,
            BuiltBy = pushed.BuiltBy,
            BuildKey = pushed.BuildKey,
            Attempt = attempt,
            AttemptId = pushed.AttemptId,
        };
        if (await history.RecordAsync(record, cancellationToken) is not { } id)
        {
            return null;
        }

        await leases.SaveAsync(lease with { State = LeaseState.Done, Attempt = attempt, AttemptId = pushed.AttemptId, Instance = pushed.BuiltBy }, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("{How} {Image} at {Commit} as {Digest} in {Seconds:F1} s by {Instance} (attempt {Attempt})",
            pushed.Resumed ? "Tagged and announced the earlier push of" : "Built and pushed", pushed.Image, BuildPlanner.Short(pushed.Commit), pushed.Digest,
            (record.FinishedAt - record.StartedAt).TotalSeconds, pushed.BuiltBy, attempt);
        return record with { Id = id };
    }

    /// <summary>Records the failure of an attempt; false when it carries no build key or was recorded already.</summary>
    public async Task<bool> OnFailedAsync(ImageBuildFailed failed, CancellationToken cancellationToken)
    {
        if (failed.BuildKey is null)
        {
            return false;
        }

        var lease = await leases.FindAsync(failed.BuildKey, cancellationToken) ?? Unknown(failed.BuildKey, failed.Image, failed.Commit, failed.CorrelationId);
        var attempt = AttemptOf(lease, failed.AttemptId);
        var record = new BuildRecord(failed.Image, failed.Commit, failed.CorrelationId, BuildOutcome.Failed, lease.Reason, null, failed.Stage.ToName(), failed.Error,
            StartOf(lease, failed.AttemptId), failed.FailedAt)
        {
            BuiltBy = failed.BuiltBy,
            BuildKey = failed.BuildKey,
            Attempt = attempt,
            AttemptId = failed.AttemptId,
        };
        if (await history.RecordAsync(record, cancellationToken) is null)
        {
            return false;
        }

        await leases.SaveAsync(lease with { State = LeaseState.Done, Attempt = attempt, AttemptId = failed.AttemptId, Instance = failed.BuiltBy }, time.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>The coordinator gave up waiting for the key; a late answer is still recorded when it comes.</summary>
    public async Task AbandonAsync(string buildKey, CancellationToken cancellationToken)
    {
        if (await leases.FindAsync(buildKey, cancellationToken) is { } lease)
        {
            await leases.SaveAsync(lease with { State = LeaseState.Done }, time.GetUtcNow(), cancellationToken);
        }
    }

    private async Task InterruptedAsync(BuildLease lease, int attempt, Guid? attemptId, string? instance, ImageBuildStarted next, CancellationToken cancellationToken)
    {
        var by = instance is null ? "a builder instance, which stopped before it reported its start" : $"{instance}, which stopped before it answered";
        var error = $"attempt {attempt} was interrupted: it was taken by {by}; {next.Instance} took the build over as attempt {attempt + 1}";
        logger.LogWarning("Build of {Image} at {Commit}: {Error}", lease.Image, BuildPlanner.Short(lease.Commit), error);
        await history.RecordAsync(
            new BuildRecord(lease.Image, lease.Commit, lease.CorrelationId, BuildOutcome.Interrupted, lease.Reason, null, "interrupted", error,
                lease.StartedAt ?? lease.SentAt, next.StartedAt)
            {
                BuiltBy = instance,
                BuildKey = lease.BuildKey,
                Attempt = attempt,
                AttemptId = attemptId,
            },
            cancellationToken);
    }

    /// <summary>An answer that names the lease's running attempt has its number; one whose start was never heard of is the next.</summary>
    private static int AttemptOf(BuildLease lease, Guid? attemptId) =>
        lease.State == LeaseState.Running && lease.AttemptId == attemptId ? lease.Attempt : lease.Attempt + 1;

    private static DateTimeOffset StartOf(BuildLease lease, Guid? attemptId) =>
        lease.AttemptId == attemptId && lease.StartedAt is { } started ? started : lease.SentAt;

    /// <summary>A key this coordinator has no lease for (its store was reset, or another coordinator sent it).</summary>
    private BuildLease Unknown(string key, string image, string commit, Guid correlationId) =>
        new(key, image, commit, correlationId, "sent by another coordinator", LeaseState.Queued, 0, null, null, time.GetUtcNow(), null);
}

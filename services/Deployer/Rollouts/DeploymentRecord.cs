namespace Platform.Deployer.Rollouts;

/// <summary>One rollout of one deployment to one digest, as the history keeps it.</summary>
/// <param name="Service">The deployment's name (a service, or a job for <see cref="DeploymentOutcome.Scheduled"/>).</param>
public sealed record DeploymentRecord(
    string Service,
    string Digest,
    string? Commit,
    Guid CorrelationId,
    DeploymentOutcome Outcome,
    string? ContainerId,
    string? Endpoint,
    string? Error,
    DateTimeOffset At)
{
    public long Id { get; init; }

    /// <summary>The image reference without the digest, for example 127.0.0.1:5000/dataplatform/status-api.</summary>
    public string? Image { get; init; }

    /// <summary>The digest that served before the rollout (or serves again after a rollback).</summary>
    public string? PreviousDigest { get; init; }

    /// <summary>What else there is to say: warnings of a successful rollout, the run that will first use a job's new digest.</summary>
    public string? Detail { get; init; }

    /// <summary>The id of the interrupted rollout of the same digest that this one redoes, if it is a redo.</summary>
    public long? RetryOf { get; init; }

    /// <summary>1 for a first rollout of a digest, 2 for the redo of an interrupted one, and so on.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The last lines the new container wrote, for a rollout that failed or was rolled back.</summary>
    public IReadOnlyList<string> LogTail { get; init; } = [];
}

public enum DeploymentOutcome
{
    /// <summary>The new version is healthy and serves; the old one is retired.</summary>
    Succeeded,

    /// <summary>The new version did not serve and there is no previous version serving (or it could not be pulled).</summary>
    Failed,

    /// <summary>The new version never became healthy; the previous version kept or got back its place.</summary>
    RolledBack,

    /// <summary>A newer digest arrived before this rollout finished; its new version was removed cleanly.</summary>
    Superseded,

    /// <summary>A job's new digest: its next scheduled run will use it (runs in progress keep theirs).</summary>
    Scheduled,

    /// <summary>The rollout goes on now (or the deployer stopped during it: found at its next start, it becomes <see cref="Interrupted"/>).</summary>
    InProgress,

    /// <summary>
    /// Cancelled before it finished by the deployer's shutdown or crash, or a broker outage; its new version was removed and
    /// the old one kept serving. The message is delivered again and the redo's row names this one (<see cref="DeploymentRecord.RetryOf"/>).
    /// </summary>
    Interrupted,
}

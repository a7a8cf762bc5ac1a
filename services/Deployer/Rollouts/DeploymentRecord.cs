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
}

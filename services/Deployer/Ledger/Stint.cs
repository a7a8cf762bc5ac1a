namespace Platform.Deployer.Ledger;

/// <summary>
/// One stretch of time during which a digest ran as a deployment of an environment: a service version from its
/// healthy rollout until another replaced it, a job's digest from its first run (or its promotion) until a run used
/// another. A rollout that never got healthy is a stint too, ended at once (<see cref="StintEnd.FailedRollout"/>),
/// so the ledger says that the digest failed there.
/// </summary>
/// <param name="Image">Registry and repository, without the digest.</param>
/// <param name="Tag">The tag it was announced under (a followed tag), or null for a promoted digest.</param>
/// <param name="Incidents">What went wrong while it ran: a failed run, a container that stopped or restarted, a failed health probe.</param>
/// <param name="PromotedFrom">The environment it was promoted from, and <paramref name="SourceStint"/> its stint there.</param>
/// <param name="CommandKey">The promotion or rollback command that started it, if one did.</param>
public sealed record Stint(
    long Id,
    string Environment,
    string Deployment,
    DeploymentKind Kind,
    string Digest,
    string? Image,
    string? Tag,
    string? Commit,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    StintEnd? EndReason,
    string? EndDetail,
    int RunsSucceeded,
    int RunsFailed,
    IReadOnlyList<Incident> Incidents,
    string? PromotedFrom,
    long? SourceStint,
    string? CommandKey)
{
    public bool IsRunning => EndedAt is null;

    /// <summary>How long it ran (or has run until <paramref name="now"/>).</summary>
    public TimeSpan Ran(DateTimeOffset now) => (EndedAt ?? now) - StartedAt;
}

/// <summary>Something that went wrong while a digest ran.</summary>
public sealed record Incident(DateTimeOffset At, string What);

public enum DeploymentKind
{
    Service,
    Job,
}

/// <summary>Why a stint ended.</summary>
public enum StintEnd
{
    /// <summary>Another digest took its place in the ordinary way (a rollout, a promotion, a job run of a newer digest).</summary>
    Replaced,

    /// <summary>Its rollout never got healthy (or could not start): it never served, and the previous version kept its place.</summary>
    FailedRollout,

    /// <summary>Rolled back on command (<c>platform rollback</c>): it is not promoted to this environment again.</summary>
    RolledBack,
}

/// <summary>What starts a stint: the digest and where it comes from.</summary>
public sealed record StintStart(
    string Deployment,
    DeploymentKind Kind,
    string Digest,
    string? Image,
    string? Tag,
    string? Commit,
    DateTimeOffset At)
{
    public string? PromotedFrom { get; init; }

    public long? SourceStint { get; init; }

    public string? CommandKey { get; init; }
}

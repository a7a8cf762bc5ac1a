namespace Platform.Deployer.Jobs;

/// <summary>One run of a scheduled job, as the job run history keeps it.</summary>
/// <param name="Digest">The digest the run used (its tag's when it started), or null when the tag could not be resolved.</param>
/// <param name="ExitCode">The container's exit code; null when it never ran, or was stopped.</param>
public sealed record JobRunRecord(
    Guid RunId,
    string Job,
    string Image,
    string? Digest,
    JobRunOutcome Outcome,
    int? ExitCode,
    DateTimeOffset ScheduledAt,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string? Error,
    IReadOnlyList<string> LogTail)
{
    public long Id { get; init; }

    public DateTimeOffset FinishedAt => StartedAt + Duration;
}

public enum JobRunOutcome
{
    /// <summary>Ran to completion with exit code 0.</summary>
    Succeeded,

    /// <summary>A non-zero exit code, an image that could not be pulled or started.</summary>
    Failed,

    /// <summary>Stopped when its timeout passed.</summary>
    TimedOut,

    /// <summary>Stopped because a newer run replaced it (concurrency: replace), or the deployer stopped.</summary>
    Stopped,

    /// <summary>Not started: the previous run still ran (concurrency: forbid).</summary>
    Skipped,
}

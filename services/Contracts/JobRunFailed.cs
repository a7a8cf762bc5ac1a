namespace Platform.Contracts;

/// <summary>A scheduled run of an ETL job failed: a non-zero exit, its timeout, an image that could not be pulled, or a replacing run.</summary>
/// <param name="Digest">The digest the run used, or null when its tag could not be resolved.</param>
/// <param name="ExitCode">The container's exit code, or null when it never ran or was stopped.</param>
/// <param name="Environment">The environment whose deployer ran it; null from a deployer older than promotions.</param>
/// <param name="Commit">The commit the digest was built from, when the deployer knows it.</param>
public sealed record JobRunFailed(
    Guid CorrelationId,
    string Job,
    string Image,
    string? Digest,
    int? ExitCode,
    string Reason,
    DateTimeOffset ScheduledAt,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<string> LogTail,
    DateTimeOffset FinishedAt,
    string? Environment = null,
    string? Commit = null);

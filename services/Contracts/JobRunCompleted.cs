namespace Platform.Contracts;

/// <summary>A scheduled run of an ETL job ran to completion with exit code 0.</summary>
/// <param name="CorrelationId">The run's id, also in the job run history.</param>
/// <param name="Digest">The digest the run used: its tag's digest when the run started.</param>
/// <param name="ScheduledAt">The schedule's occurrence that started the run.</param>
/// <param name="Environment">The environment whose deployer ran it; null from a deployer older than promotions.</param>
/// <param name="Commit">The commit the digest was built from, when the deployer knows it.</param>
public sealed record JobRunCompleted(
    Guid CorrelationId,
    string Job,
    string Image,
    string Digest,
    int ExitCode,
    DateTimeOffset ScheduledAt,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<string> LogTail,
    DateTimeOffset FinishedAt,
    string? Environment = null,
    string? Commit = null);

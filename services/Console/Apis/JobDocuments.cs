namespace Platform.Console.Apis;

/// <summary>One job as the deployer's <c>GET /api/jobs</c> writes it.</summary>
public sealed record JobDocument(
    string Name,
    string Image,
    string Schedule,
    string Concurrency,
    TimeSpan? Timeout,
    DateTimeOffset? NextRunAt,
    IReadOnlyList<ActiveRunDocument>? Running);

public sealed record ActiveRunDocument(Guid RunId, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt);

/// <summary>One run as the deployer's <c>GET /api/jobs/runs</c> writes it.</summary>
public sealed record JobRunDocument(
    long Id,
    Guid RunId,
    string Job,
    string Image,
    string? Digest,
    string Outcome,
    int? ExitCode,
    DateTimeOffset ScheduledAt,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string? Error,
    IReadOnlyList<string>? LogTail);

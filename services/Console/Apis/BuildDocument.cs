using Platform.Contracts;

namespace Platform.Console.Apis;

/// <summary>One attempt as the builder's <c>GET /api/builds</c> writes it.</summary>
public sealed record BuildDocument(
    long Id,
    string Image,
    string Commit,
    Guid CorrelationId,
    string Outcome,
    string Reason,
    string? Digest,
    string? Stage,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double DurationSeconds,
    int? Attempt = null,
    Guid? AttemptId = null,
    string? BuiltBy = null,
    IReadOnlyList<PlatformImage>? Platforms = null)
{
    /// <summary>A catalogue problem is recorded as a failed build of stage <c>spec</c>.</summary>
    public bool IsCatalogueProblem => Stage == "spec" && Outcome == "Failed";
}

/// <summary>The builder's <c>GET /api/commits</c>: where its commit poller is.</summary>
public sealed record CommitStatusDocument(string? LastCommit, DateTimeOffset? LastCycleAt, int? FailedBuilds, DateTimeOffset? RetryAt, string? LastError);

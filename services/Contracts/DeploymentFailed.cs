namespace Platform.Contracts;

/// <summary>A redeploy did not succeed; the previous container, if any, keeps running.</summary>
public sealed record DeploymentFailed(
    Guid CorrelationId,
    string Service,
    string Image,
    string Digest,
    string Reason,
    IReadOnlyList<string> LogTail,
    DateTimeOffset FailedAt);

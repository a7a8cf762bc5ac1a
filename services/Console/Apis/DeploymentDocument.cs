namespace Platform.Console.Apis;

/// <summary>One rollout as the deployer's <c>GET /api/deployments</c> writes it.</summary>
public sealed record DeploymentDocument(
    long Id,
    string Service,
    string Digest,
    string? Commit,
    Guid CorrelationId,
    string Outcome,
    string? ContainerId,
    string? Endpoint,
    string? Error,
    DateTimeOffset At,
    string? Image = null,
    string? PreviousDigest = null,
    string? Detail = null,
    long? RetryOf = null,
    int Attempt = 1,
    IReadOnlyList<string>? LogTail = null);

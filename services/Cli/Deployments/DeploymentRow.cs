namespace Platform.Cli.Deployments;

/// <summary>One rollout as the deployer's <c>GET /api/deployments</c> answers it.</summary>
public sealed record DeploymentRow(
    long Id,
    string Service,
    string Digest,
    string? Commit,
    string Outcome,
    string? Endpoint,
    string? Error,
    string? PreviousDigest,
    string? Detail,
    DateTimeOffset At,
    long? RetryOf = null,
    int Attempt = 1,
    IReadOnlyList<string>? LogTail = null);

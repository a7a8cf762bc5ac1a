namespace Platform.Contracts;

/// <summary>A long-running service now runs the given digest and answered its health check.</summary>
/// <param name="Endpoint">Where the new container answers, for example http://127.0.0.1:32768.</param>
/// <param name="Environment">The environment whose deployer deployed it (<c>beta</c>, <c>prod</c>); null from a deployer older than promotions.</param>
/// <param name="Commit">The commit the digest was built from, when the deployer knows it.</param>
public sealed record ServiceDeployed(
    Guid CorrelationId,
    string Service,
    string Image,
    string Digest,
    string? PreviousDigest,
    string ContainerId,
    string Endpoint,
    DateTimeOffset DeployedAt,
    string? Environment = null,
    string? Commit = null);

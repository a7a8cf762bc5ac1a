namespace Platform.Console.Apis;

/// <summary>The deployer's <c>GET /api/environment</c>: what the environment file says runs (and, with the ledger, each deployment's state).</summary>
public sealed record EnvironmentDocument(
    string? Commit,
    string? File,
    IReadOnlyList<EnvironmentServiceDocument> Services,
    IReadOnlyList<EnvironmentJobDocument> Jobs,
    IReadOnlyList<string> Problems,
    string? Environment = null);

/// <param name="Follows">The image and tag it follows; null for a promoted deployment (it takes what qualified in another environment).</param>
public sealed record EnvironmentServiceDocument(
    string Name, FollowsDocument? Follows, int Replicas, int? Port, int? HostPort, string? Health, DeploymentStateDocument? State = null);

public sealed record EnvironmentJobDocument(string Name, FollowsDocument? Follows, string Schedule, string Concurrency, DeploymentStateDocument? State = null);

/// <summary>The image and tag policy a deployment follows.</summary>
public sealed record FollowsDocument(string Repository, string? Registry, string Policy, string Value)
{
    public override string ToString() => $"{(Registry is null ? "" : Registry + "/")}{Repository} ({Policy} {Value})";
}

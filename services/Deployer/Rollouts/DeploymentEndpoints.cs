namespace Platform.Deployer.Rollouts;

public static class DeploymentEndpoints
{
    /// <summary><c>GET /api/deployments?service=&amp;limit=</c>: the newest rollouts first.</summary>
    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/deployments", async (DeploymentHistory history, string? service, int? limit, CancellationToken cancellationToken) =>
            Results.Ok(await history.ListAsync(service, Math.Clamp(limit ?? 50, 1, 1000), cancellationToken)));
        return endpoints;
    }
}

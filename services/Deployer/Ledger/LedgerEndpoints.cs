namespace Platform.Deployer.Ledger;

public static class LedgerEndpoints
{
    /// <summary>
    /// <c>GET /api/ledger?deployment=&amp;limit=</c>: what ran in this environment, newest first (the deployer of another environment reads
    /// it to decide what qualifies); <c>GET /api/commands?deployment=&amp;limit=</c>: the promotion and rollback commands it took.
    /// </summary>
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/ledger", async (DeploymentLedger ledger, string? deployment, int? limit, CancellationToken cancellationToken) =>
            Results.Ok(await ledger.ListAsync(deployment, Math.Clamp(limit ?? 50, 1, 1000), cancellationToken)));
        endpoints.MapGet("/api/commands", async (CommandLog log, string? deployment, int? limit, CancellationToken cancellationToken) =>
            Results.Ok(await log.ListAsync(deployment, Math.Clamp(limit ?? 50, 1, 1000), cancellationToken)));
        return endpoints;
    }
}

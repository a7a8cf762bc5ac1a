namespace Platform.Builder.History;

public static class BuildHistoryEndpoints
{
    /// <summary><c>GET /api/builds?image=&amp;limit=</c>: the newest builds first.</summary>
    public static IEndpointRouteBuilder MapBuildHistory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/builds", async (BuildHistory history, string? image, int? limit, CancellationToken cancellationToken) =>
            Results.Ok(await history.ListAsync(image, Math.Clamp(limit ?? 50, 1, 1000), cancellationToken)));
        return endpoints;
    }
}

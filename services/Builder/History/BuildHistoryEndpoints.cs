namespace Platform.Builder.History;

public static class BuildHistoryEndpoints
{
    /// <summary>
    /// <c>GET /api/builds?image=&amp;limit=</c>: the newest builds first (image, commit, platforms and digests, durations, outcome);
    /// <c>GET /api/builds/{id}/log</c>: the build's log, every platform's lines prefixed with the platform;
    /// <c>GET /api/builds/running</c> and <c>POST /api/builds/cancel?image=</c>: this instance's builds in progress, and cancelling one.
    /// </summary>
    public static IEndpointRouteBuilder MapBuildHistory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/builds", async (BuildHistory history, string? image, int? limit, CancellationToken cancellationToken) =>
            Results.Ok(await history.ListAsync(image, Math.Clamp(limit ?? 50, 1, 1000), cancellationToken)));
        endpoints.MapGet("/api/builds/{id:long}/log", async (long id, BuildHistory history, Logs.BuildLogStore logs, CancellationToken cancellationToken) =>
            await history.FindAsync(id, cancellationToken) is { } build && await logs.ReadAsync(build.Image, build.Commit, build.AttemptId, cancellationToken) is { } text
                ? Results.Text(text, "text/plain")
                : Results.NotFound());
        endpoints.MapPost("/api/builds/cancel", (string image, Workers.RunningBuilds running) =>
            running.Cancel(image) ? Results.Accepted() : Results.NotFound(new { error = $"{image} is not being built by this instance", running = running.Images }));
        endpoints.MapGet("/api/builds/running", (Workers.RunningBuilds running) => Results.Ok(running.Images));
        return endpoints;
    }
}

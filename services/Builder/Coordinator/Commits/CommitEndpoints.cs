namespace Platform.Builder.Coordinator.Commits;

public static class CommitEndpoints
{
    /// <summary>
    /// <c>POST /api/commits/check</c>: look at the repository now (for a git hook or a CI job); answers 202.
    /// <c>POST /api/commits/replan</c>: plan the followed revisions again now, even if they have not moved: what failed there is
    /// built again at once instead of after <c>Builder:RetryFailedAfter</c> (a pushed build key is never built twice); answers 202.
    /// <c>GET /api/commits</c>: the last commit a build cycle finished for.
    /// </summary>
    public static IEndpointRouteBuilder MapCommitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/commits/check", (CommitTrigger trigger) =>
        {
            trigger.Request();
            return Results.Accepted();
        });
        endpoints.MapPost("/api/commits/replan", (CommitTrigger trigger) =>
        {
            trigger.Request(replan: true);
            return Results.Accepted();
        });
        endpoints.MapGet("/api/commits", (CommitStatus status) => Results.Ok(status.Current));
        return endpoints;
    }
}

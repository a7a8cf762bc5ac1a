namespace Platform.Builder.Commits;

public static class CommitEndpoints
{
    /// <summary>
    /// <c>POST /api/commits/check</c>: look at the repository now (for a git hook or a CI job); answers 202.
    /// <c>GET /api/commits</c>: the last commit a build cycle finished for.
    /// </summary>
    public static IEndpointRouteBuilder MapCommitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/commits/check", (CommitTrigger trigger) =>
        {
            trigger.Request();
            return Results.Accepted();
        });
        endpoints.MapGet("/api/commits", (CommitStatus status) => Results.Ok(status.Current));
        return endpoints;
    }
}

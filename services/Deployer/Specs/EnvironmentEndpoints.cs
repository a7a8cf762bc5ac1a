namespace Platform.Deployer.Specs;

public static class EnvironmentEndpoints
{
    /// <summary>
    /// <c>GET /api/environment</c>: what runs at the followed revision, the images and tags each deployment
    /// follows (what the registry watcher must watch for it), and the deployments left out with their problems.
    /// </summary>
    public static IEndpointRouteBuilder MapEnvironmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/environment", async (EnvironmentSource environment, CancellationToken cancellationToken) =>
        {
            var spec = await environment.GetAsync(cancellationToken);
            return Results.Ok(new
            {
                spec.Commit,
                spec.File,
                Services = spec.Services.Select(s => new { s.Name, Follows = Follows(s.Image), s.Replicas, s.Port, s.HostPort, Health = s.Health.ToString() }),
                Jobs = spec.Jobs.Select(j => new { j.Name, Follows = Follows(j.Image), Schedule = j.Schedule.ToString(), Concurrency = j.Concurrency.ToString().ToLowerInvariant() }),
                Problems = spec.Problems.Select(p => p.ToString()),
            });
        });
        return endpoints;
    }

    private static object Follows(FollowedImage image) => new
    {
        image.Repository,
        image.Registry,
        Policy = image.Policy.Kind.ToString().ToLowerInvariant(),
        image.Policy.Value,
    };
}

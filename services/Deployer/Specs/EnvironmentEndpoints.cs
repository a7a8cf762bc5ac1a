using Microsoft.Extensions.Options;
using Platform.Deployer.Promotions;

namespace Platform.Deployer.Specs;

public static class EnvironmentEndpoints
{
    /// <summary>
    /// <c>GET /api/environment</c>: what runs at the followed revision, the images and tags each deployment
    /// follows (what the registry watcher must watch for it), and the deployments left out with their problems;
    /// with the ledger (services and jobs registered), each deployment's <c>state</c>: what runs since when and,
    /// for a promoted one, which digest waits, why and until when (docs/promotion.md).
    /// </summary>
    public static IEndpointRouteBuilder MapEnvironmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/environment", async (EnvironmentSource environment, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var spec = await environment.GetAsync(cancellationToken);
            var states = services.GetService<DeploymentStates>();
            async Task<DeploymentState?> State(string name) =>
                states is null || DeploymentRef.Find(spec, name) is not { } deployment ? null : await states.DescribeAsync(deployment, cancellationToken);

            var serviceViews = new List<object>();
            foreach (var s in spec.Services)
            {
                serviceViews.Add(new { s.Name, Follows = s.Promote is null ? Follows(s.Image) : null, s.Replicas, s.Port, s.HostPort, Health = s.Health.ToString(), State = await State(s.Name) });
            }

            var jobViews = new List<object>();
            foreach (var j in spec.Jobs)
            {
                jobViews.Add(new
                {
                    j.Name, Follows = j.Promote is null ? Follows(j.Image) : null, Schedule = j.Schedule.ToString(), Concurrency = j.Concurrency.ToString().ToLowerInvariant(),
                    State = await State(j.Name),
                });
            }

            return Results.Ok(new
            {
                Environment = services.GetService<IOptions<DeployerOptions>>()?.Value.Environment,
                spec.Commit,
                spec.File,
                Services = serviceViews,
                Jobs = jobViews,
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

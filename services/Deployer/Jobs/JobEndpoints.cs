using Platform.Deployer.Specs;

namespace Platform.Deployer.Jobs;

public static class JobEndpoints
{
    /// <summary>
    /// <c>GET /api/jobs</c>: the environment's jobs with their schedule, next run and runs in progress;
    /// <c>GET /api/jobs/runs?job=&amp;limit=</c>: the newest runs first, with exit code, duration and log tail.
    /// </summary>
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/jobs", async (EnvironmentSource environment, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var scheduler = services.GetService<JobScheduler>();
            var spec = await environment.GetAsync(cancellationToken);
            return Results.Ok(spec.Jobs.Select(job => new
            {
                job.Name,
                Image = job.Image.ToString(),
                Schedule = job.Schedule.ToString(),
                Concurrency = job.Concurrency.ToString().ToLowerInvariant(),
                Timeout = job.Timeout,
                NextRunAt = scheduler?.NextRun(job) ?? job.Schedule.Next(DateTimeOffset.UtcNow),
                Running = scheduler?.Running(job.Name).Select(r => new { r.RunId, r.ScheduledAt, r.StartedAt }).ToList(),
            }));
        });
        endpoints.MapGet("/api/jobs/runs", async (IServiceProvider services, string? job, int? limit, CancellationToken cancellationToken) =>
            services.GetService<JobRunHistory>() is { } history
                ? Results.Ok(await history.ListAsync(job, Math.Clamp(limit ?? 50, 1, 1000), cancellationToken))
                : Results.Ok(Array.Empty<JobRunRecord>()));
        return endpoints;
    }
}

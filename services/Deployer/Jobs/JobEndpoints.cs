using Platform.Deployer.Docker;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Jobs;

public static class JobEndpoints
{
    /// <summary>
    /// <c>GET /api/jobs</c>: the environment's jobs with their schedule, next run and runs in progress;
    /// <c>GET /api/jobs/runs?job=&amp;limit=</c>: the newest runs first, with exit code, duration and log tail;
    /// <c>POST /api/jobs/run?job=</c>: a run now, outside the schedule (202 with its run id; 404 no such job; 409 a run goes on
    /// and the job forbids a second, or the jobs are Kubernetes CronJobs here).
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
        endpoints.MapPost("/api/jobs/run", async (string job, EnvironmentSource environment, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var spec = await environment.GetAsync(cancellationToken);
            if (spec.Jobs.FirstOrDefault(j => j.Name == job) is not { } found)
            {
                return Results.NotFound(new { error = $"the environment has no job {job}; its jobs: {string.Join(", ", spec.Jobs.Select(j => j.Name))}" });
            }

            if (services.GetService<JobScheduler>() is not { } scheduler)
            {
                return Results.Conflict(new { error = $"this deployer's jobs are Kubernetes CronJobs: kubectl create job --from=cronjob/<the CronJob of {job}> runs one now" });
            }

            var (run, whyNot) = scheduler.RunNow(found);
            return run is null
                ? Results.Conflict(new { error = whyNot })
                : Results.Accepted(value: new { job, run.RunId, run.StartedAt, message = $"{job}: run {run.RunId} started now, outside its schedule" });
        });
        return endpoints;
    }
}

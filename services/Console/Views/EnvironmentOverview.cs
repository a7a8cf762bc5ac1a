using Platform.Console.Apis;

namespace Platform.Console.Views;

/// <summary>
/// One service of the environment: what serves now (the newest successful rollout), the newest rollout if it is another
/// (in progress, failed, rolled back), and its history.
/// </summary>
public sealed record ServiceRow(string Name, string Follows, DeploymentDocument? Serving, DeploymentDocument? Latest, IReadOnlyList<DeploymentDocument> History)
{
    /// <summary>Whether an earlier digest served, so that a rollback has somewhere to go.</summary>
    public bool CanRollBack => EnvironmentOverview.RollbackOf(History) is not null;
}

/// <summary>One job: its schedule and next run, what runs now, its last runs with their log tails.</summary>
public sealed record JobRow(string Name, string Follows, string Schedule, DateTimeOffset? NextRunAt, int Running, IReadOnlyList<JobRunDocument> Runs);

public sealed record EnvironmentOverview(string? Commit, string? File, IReadOnlyList<ServiceRow> Services, IReadOnlyList<JobRow> Jobs, IReadOnlyList<string> Problems)
{
    public const int RunsPerJob = 5;
    public const int RolloutsPerService = 10;

    /// <summary>What the deployer's rollback goes back to (its own rule): the newest succeeded digest and the one that served before it.</summary>
    public static (DeploymentDocument Serving, DeploymentDocument Previous)? RollbackOf(IReadOnlyList<DeploymentDocument> newestFirst)
    {
        var succeeded = newestFirst.Where(d => d.Outcome == "Succeeded").ToList();
        var previous = succeeded.Skip(1).FirstOrDefault(d => d.Digest != succeeded[0].Digest);
        return previous is null ? null : (succeeded[0], previous);
    }

    public static EnvironmentOverview Build(
        EnvironmentDocument environment, IReadOnlyList<DeploymentDocument> deployments, IReadOnlyList<JobDocument> jobs, IReadOnlyList<JobRunDocument> runs)
    {
        var services = environment.Services.Select(service =>
        {
            var history = deployments.Where(d => d.Service == service.Name).OrderByDescending(d => d.Id).ToList();
            return new ServiceRow(
                service.Name,
                service.Follows.ToString(),
                history.FirstOrDefault(d => d.Outcome == "Succeeded"),
                history.FirstOrDefault(),
                [.. history.Take(RolloutsPerService)]);
        });
        var jobRows = environment.Jobs.Select(job =>
        {
            var live = jobs.FirstOrDefault(j => j.Name == job.Name);
            return new JobRow(
                job.Name,
                job.Follows.ToString(),
                job.Schedule,
                live?.NextRunAt,
                live?.Running?.Count ?? 0,
                [.. runs.Where(r => r.Job == job.Name).OrderByDescending(r => r.StartedAt).Take(RunsPerJob)]);
        });
        return new EnvironmentOverview(environment.Commit, environment.File, [.. services], [.. jobRows], environment.Problems);
    }
}

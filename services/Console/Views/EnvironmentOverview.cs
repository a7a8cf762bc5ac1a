using Platform.Console.Apis;

namespace Platform.Console.Views;

/// <summary>
/// One service of the environment: what serves now (the newest successful rollout), the newest rollout if it is another
/// (in progress, failed, rolled back), and its history.
/// </summary>
public sealed record ServiceRow(
    string Name, string Follows, DeploymentDocument? Serving, DeploymentDocument? Latest, IReadOnlyList<DeploymentDocument> History, DeploymentStateDocument? State = null)
{
    /// <summary>Whether an earlier digest served, so that a rollback has somewhere to go.</summary>
    public bool CanRollBack => EnvironmentOverview.RollbackOf(History) is not null;
}

/// <summary>One job: its schedule and next run, what runs now, its last runs with their log tails.</summary>
public sealed record JobRow(
    string Name, string Follows, string Schedule, DateTimeOffset? NextRunAt, int Running, IReadOnlyList<JobRunDocument> Runs, DeploymentStateDocument? State = null);

/// <summary>A deployment whose promotion waits: a digest soaks in the source environment, awaits approval or is being promoted.</summary>
public sealed record WaitingPromotion(string Deployment, PromoteDocument? Promote, PromotionDocument Promotion, string? Summary);

public sealed record EnvironmentOverview(
    string? Commit, string? File, IReadOnlyList<ServiceRow> Services, IReadOnlyList<JobRow> Jobs, IReadOnlyList<string> Problems, string? Environment = null)
{
    /// <summary>What waits for promotion into this environment, services first.</summary>
    public IReadOnlyList<WaitingPromotion> Waiting =>
    [
        .. Services.Select(s => (s.Name, s.State)).Concat(Jobs.Select(j => (j.Name, j.State)))
            .Where(d => d.State?.Promotion is { Pending: true })
            .Select(d => new WaitingPromotion(d.Name, d.State!.Promote, d.State.Promotion!, d.State.Summary)),
    ];

    /// <summary>What a deployment follows, or where it is promoted from.</summary>
    public static string Describe(FollowsDocument? follows, DeploymentStateDocument? state) =>
        follows?.ToString() ?? (state?.Promote is { } promote ? $"promoted from {promote.From} after {promote.After}" : "");

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
                Describe(service.Follows, service.State),
                history.FirstOrDefault(d => d.Outcome == "Succeeded"),
                history.FirstOrDefault(),
                [.. history.Take(RolloutsPerService)],
                service.State);
        });
        var jobRows = environment.Jobs.Select(job =>
        {
            var live = jobs.FirstOrDefault(j => j.Name == job.Name);
            return new JobRow(
                job.Name,
                Describe(job.Follows, job.State),
                job.Schedule,
                live?.NextRunAt,
                live?.Running?.Count ?? 0,
                [.. runs.Where(r => r.Job == job.Name).OrderByDescending(r => r.StartedAt).Take(RunsPerJob)],
                job.State);
        });
        return new EnvironmentOverview(environment.Commit, environment.File, [.. services], [.. jobRows], environment.Problems, environment.Environment);
    }
}

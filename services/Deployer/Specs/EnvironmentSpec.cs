namespace Platform.Deployer.Specs;

/// <summary>
/// What runs in one environment at one commit of the repository of images: its services and scheduled
/// jobs, and the problems of the deployments that could not be read (those are left out; the rest run).
/// </summary>
/// <param name="File">The environment file it was read from, or null when there is none and every catalogue service and scheduled job runs.</param>
public sealed class EnvironmentSpec(
    string commit, string? file, IReadOnlyList<ServiceDeployment> services, IReadOnlyList<JobDeployment> jobs, IReadOnlyList<DeploymentProblem> problems)
{
    private readonly ILookup<string, ServiceDeployment> servicesByImage = services.ToLookup(s => s.Image.Repository, StringComparer.Ordinal);
    private readonly ILookup<string, JobDeployment> jobsByImage = jobs.ToLookup(j => j.Image.Repository, StringComparer.Ordinal);

    public string Commit { get; } = commit;

    public string? File { get; } = file;

    public IReadOnlyList<ServiceDeployment> Services { get; } = services;

    public IReadOnlyList<JobDeployment> Jobs { get; } = jobs;

    public IReadOnlyList<DeploymentProblem> Problems { get; } = problems;

    /// <summary>The services that follow the tag; a promoted service follows none (it runs what qualified in its source environment).</summary>
    public IEnumerable<ServiceDeployment> ServicesFollowing(string repository, string registry, string tag) =>
        servicesByImage[repository].Where(s => s.Promote is null && s.Image.Follows(repository, registry, tag));

    public IEnumerable<JobDeployment> JobsFollowing(string repository, string registry, string tag) =>
        jobsByImage[repository].Where(j => j.Promote is null && j.Image.Follows(repository, registry, tag));

    /// <summary>The same environment without the deployments <paramref name="problems"/> name, which are added to its problems.</summary>
    public EnvironmentSpec Without(IReadOnlyList<DeploymentProblem> problems)
    {
        if (problems.Count == 0)
        {
            return this;
        }

        var names = problems.Select(p => p.Deployment).ToHashSet(StringComparer.Ordinal);
        return new EnvironmentSpec(Commit, File, [.. Services.Where(s => !names.Contains(s.Name))], [.. Jobs.Where(j => !names.Contains(j.Name))],
            [.. Problems, .. problems]);
    }

    public JobDeployment? Job(string name) => Jobs.FirstOrDefault(j => j.Name == name);

    public ServiceDeployment? Service(string name) => Services.FirstOrDefault(s => s.Name == name);
}

/// <summary>A deployment of the environment file that cannot run as written; it names the deployment, the file and the line.</summary>
public sealed record DeploymentProblem(string? Deployment, string File, int? Line, string Message)
{
    public override string ToString() =>
        $"{File}{(Line is { } line ? $":{line}" : "")}: {(Deployment is null ? "" : Deployment + ": ")}{Message}";
}

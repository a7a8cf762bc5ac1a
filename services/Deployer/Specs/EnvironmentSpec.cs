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

    public IEnumerable<ServiceDeployment> ServicesFollowing(string repository, string registry, string tag) =>
        servicesByImage[repository].Where(s => s.Image.Follows(repository, registry, tag));

    public IEnumerable<JobDeployment> JobsFollowing(string repository, string registry, string tag) =>
        jobsByImage[repository].Where(j => j.Image.Follows(repository, registry, tag));

    public JobDeployment? Job(string name) => Jobs.FirstOrDefault(j => j.Name == name);

    public ServiceDeployment? Service(string name) => Services.FirstOrDefault(s => s.Name == name);
}

/// <summary>A deployment of the environment file that cannot run as written; it names the deployment, the file and the line.</summary>
public sealed record DeploymentProblem(string? Deployment, string File, int? Line, string Message)
{
    public override string ToString() =>
        $"{File}{(Line is { } line ? $":{line}" : "")}: {(Deployment is null ? "" : Deployment + ": ")}{Message}";
}

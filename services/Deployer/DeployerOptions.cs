using System.ComponentModel.DataAnnotations;

namespace Platform.Deployer;

/// <summary>Settings of the deployer (section <c>Deployer</c>).</summary>
public sealed class DeployerOptions : IValidatableObject
{
    public const string Section = "Deployer";

    /// <summary>Where deployments run: containers on the local Docker engine, or objects of a Kubernetes cluster.</summary>
    public DeploymentTargetKind Target { get; set; } = DeploymentTargetKind.Docker;

    /// <summary>How long a new container may take to answer its health check before the rollout fails (a service's <c>health.timeout</c> wins).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Deployer:HealthTimeout must be between 1 s and 1 hour.")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause between two health probes of a starting container.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Deployer:HealthInterval must be between 50 ms and 1 minute.")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one job run may take when its spec names no <c>timeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Deployer:JobTimeout must be between 1 s and 7 days.")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Host address that service ports are published on; loopback keeps the beta environment private.</summary>
    [Required]
    public string PublishAddress { get; set; } = "127.0.0.1";

    /// <summary>Name of the environment this deployer manages; its containers carry it as a label and it touches no others.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,30}$", ErrorMessage = "Deployer:Environment must be 1 to 31 lowercase letters, digits or '-'.")]
    public string Environment { get; set; } = "beta";

    /// <summary>The environment file in the repository of images; empty means <c>deploy/&lt;Environment&gt;.yaml</c>.</summary>
    [RegularExpression(@"^([^/\\].*)?$", ErrorMessage = "Deployer:EnvironmentFile must be a path relative to the repository root.")]
    public string? EnvironmentFile { get; set; }

    /// <summary>How old the deployer's view of the followed revision may get before it reads it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Deployer:SpecRefreshInterval must be between 50 ms and 1 hour.")]
    public TimeSpan SpecRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a pull keeps asking a registry that cannot be reached, times out or answers 5xx or 429 before the rollout or run fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Deployer:PullTimeout must be between 1 s and 1 hour.")]
    public TimeSpan PullTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Folder of the deployer's state (the deployment history and the job runs).</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(".platform", "deployer");

    /// <summary>How often the deployer looks at the source environments of its promoted deployments (sooner when a soak time ends).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Deployer:PromotionInterval must be between 100 ms and 1 hour.")]
    public TimeSpan PromotionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Successful runs a job's digest needs in its source environment when its <c>promote.runs</c> does not say.</summary>
    [Range(0, 1000, ErrorMessage = "Deployer:PromotionRuns must be a whole number from 0 to 1000.")]
    public int PromotionRuns { get; set; } = 1;

    /// <summary>Where the deployer of each source environment answers (<c>Deployer:Sources:beta=http://127.0.0.1:5080</c>): its ledger says what ran there.</summary>
    public Dictionary<string, string> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The prefix of the deployer's queues: <c>deployer</c> for the beta environment (its queues keep their names), <c>deployer-&lt;environment&gt;</c>
    /// for any other, so that deployers of two environments on one broker each get every event instead of taking turns.
    /// </summary>
    public static string QueuePrefix(string? environment) => environment is null or "beta" ? "deployer" : $"deployer-{environment}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (environment, url) in Sources)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"Deployer:Sources:{environment} is '{url}'; give the http(s) address of that environment's deployer.",
                    [nameof(Sources)]);
            }
        }
    }

    public string EnvironmentFilePath => string.IsNullOrEmpty(EnvironmentFile) ? $"deploy/{Environment}.yaml" : EnvironmentFile;
}

public enum DeploymentTargetKind
{
    /// <summary>The local beta environment: containers on the Docker engine; the deployer runs the jobs on their schedule.</summary>
    Docker,

    /// <summary>Deployments and CronJobs of a Kubernetes cluster; the cluster runs the jobs.</summary>
    Kubernetes,
}

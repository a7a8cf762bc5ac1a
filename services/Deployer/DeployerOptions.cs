using System.ComponentModel.DataAnnotations;

namespace Platform.Deployer;

/// <summary>Settings of the deployer (section <c>Deployer</c>).</summary>
public sealed class DeployerOptions
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

    public string EnvironmentFilePath => string.IsNullOrEmpty(EnvironmentFile) ? $"deploy/{Environment}.yaml" : EnvironmentFile;
}

public enum DeploymentTargetKind
{
    /// <summary>The local beta environment: containers on the Docker engine; the deployer runs the jobs on their schedule.</summary>
    Docker,

    /// <summary>Deployments and CronJobs of a Kubernetes cluster; the cluster runs the jobs.</summary>
    Kubernetes,
}

using System.ComponentModel.DataAnnotations;

namespace Platform.Deployer;

/// <summary>Settings of the deployer (section <c>Deployer</c>).</summary>
public sealed class DeployerOptions
{
    public const string Section = "Deployer";

    /// <summary>How long a new container may take to answer its health check before the rollout fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Deployer:HealthTimeout must be between 1 s and 1 hour.")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause between two health probes of a starting container.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Deployer:HealthInterval must be between 50 ms and 1 minute.")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Host address that service ports are published on; loopback keeps the beta environment private.</summary>
    [Required]
    public string PublishAddress { get; set; } = "127.0.0.1";

    /// <summary>Name of the environment this deployer manages; its containers carry it as a label and it touches no others.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,30}$", ErrorMessage = "Deployer:Environment must be 1 to 31 lowercase letters, digits or '-'.")]
    public string Environment { get; set; } = "beta";

    /// <summary>Folder of the deployer's state (the deployment history).</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(".platform", "deployer");
}

using Platform.Catalog.Yaml;

namespace Platform.Deployer.Specs;

/// <summary>
/// The ranges the environment file's numbers and durations must be in: what the deployer can honour at run
/// time (a timer, a deadline, a Docker port binding), so a value either works or is refused with its line.
/// docs/deployments.md lists the same.
/// </summary>
public static class SpecLimits
{
    public static readonly DurationRange HealthTimeout = new("1s", "1h");

    public static readonly DurationRange JobTimeout = new("1s", "7d");

    /// <summary>How long a digest must run in the source environment before it is promoted (<c>promote.after</c>).</summary>
    public static readonly DurationRange SoakTime = new("0s", "90d");

    /// <summary>The most successful runs <c>promote.runs</c> may ask of a job in the source environment.</summary>
    public const int MaxPromotionRuns = 1000;

    public const int MaxReplicas = 20;

    public const int MaxPort = 65535;
}

namespace Platform.Deployer.Specs;

/// <summary>A scheduled ETL job of an environment: a container that runs to completion on its schedule.</summary>
/// <param name="Args">Arguments given to the image (they replace its CMD, as Kubernetes' <c>args</c> do).</param>
/// <param name="Timeout">How long one run may take before it is stopped and counted as failed.</param>
public sealed record JobDeployment(
    string Name,
    FollowedImage Image,
    CronSchedule Schedule,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout,
    ConcurrencyPolicy Concurrency,
    KubernetesObject Kubernetes)
{
    /// <summary>Set when the job runs the digest that qualified in another environment instead of resolving a tag at each run.</summary>
    public Promotion? Promote { get; init; }
}

/// <summary>What happens when a run is due while the previous one still runs (as Kubernetes CronJobs have it).</summary>
public enum ConcurrencyPolicy
{
    /// <summary>The new run is skipped.</summary>
    Forbid,

    /// <summary>The running one is stopped and the new one starts.</summary>
    Replace,

    /// <summary>Both run.</summary>
    Allow,
}

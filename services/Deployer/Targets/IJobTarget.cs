using Platform.Deployer.Specs;

namespace Platform.Deployer.Targets;

/// <summary>Where a scheduled job runs: the deployer's own scheduler on the Docker engine, or a cluster's CronJob.</summary>
public interface IJobTarget
{
    /// <summary>
    /// Makes the job's future runs use <paramref name="digest"/> without touching a run in progress; returns
    /// which scheduled run will first use it. Throws <see cref="DeploymentException"/> naming the job.
    /// </summary>
    Task<string> UseDigestAsync(JobDeployment job, string registry, string digest, CancellationToken cancellationToken);
}

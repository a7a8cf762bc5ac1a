using Platform.Deployer.Specs;

namespace Platform.Deployer.Targets;

/// <summary>Where a service runs: the local Docker engine or a Kubernetes cluster.</summary>
public interface IServiceTarget
{
    /// <summary>The digest of the version that passed its health check and serves now, if any.</summary>
    Task<string?> RunningDigestAsync(ServiceDeployment service, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the serving version with <paramref name="registry"/>/image@<paramref name="digest"/> once it is
    /// healthy; throws <see cref="DeploymentException"/> (naming the deployment) when it is not, after a rollback.
    /// </summary>
    Task<RunningService> ReplaceAsync(ServiceDeployment service, string registry, string digest, Guid correlationId, CancellationToken cancellationToken);

    /// <summary>
    /// Puts <paramref name="service"/> back as it was before a rollout that an earlier deployer process never finished;
    /// returns what it did, one sentence each (nothing when there was nothing to do).
    /// </summary>
    Task<IReadOnlyList<string>> RecoverAsync(string service, CancellationToken cancellationToken);
}

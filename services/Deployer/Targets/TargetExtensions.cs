using Platform.Deployer.Docker;
using Platform.Deployer.Kubernetes;

namespace Platform.Deployer.Targets;

public static class TargetExtensions
{
    /// <summary>
    /// The target <c>Deployer:Target</c> names: the Docker engine (and the deployer's own job scheduler), or a
    /// Kubernetes cluster (whose CronJobs run the jobs). Only the chosen one is wired, with its health check.
    /// </summary>
    public static IHostApplicationBuilder AddDeploymentTarget(this IHostApplicationBuilder builder)
    {
        var text = builder.Configuration[$"{DeployerOptions.Section}:{nameof(DeployerOptions.Target)}"];
        if (!Enum.TryParse<DeploymentTargetKind>(text ?? nameof(DeploymentTargetKind.Docker), ignoreCase: true, out var target))
        {
            throw new InvalidOperationException($"Deployer:Target is '{text}'; use 'docker' (the local engine) or 'kubernetes' (a cluster).");
        }

        if (target == DeploymentTargetKind.Kubernetes)
        {
            builder.Services.AddKubernetesTarget();
        }
        else
        {
            builder.Services.AddDockerTarget();
        }

        return builder;
    }
}

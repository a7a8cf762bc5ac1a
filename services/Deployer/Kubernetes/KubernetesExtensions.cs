using k8s;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Kubernetes;

public static class KubernetesExtensions
{
    /// <summary>The cluster from <c>Deployer:Kubernetes</c>, the Deployment and CronJob targets, and a health check that asks the API server its version.</summary>
    public static IServiceCollection AddKubernetesTarget(this IServiceCollection services)
    {
        services.AddOptions<KubernetesTargetOptions>()
            .BindConfiguration(KubernetesTargetOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.Kubeconfig) || File.Exists(o.Kubeconfig),
                "Deployer:Kubernetes:Kubeconfig must name an existing kubeconfig file (or be empty for in-cluster or the default kubeconfig).")
            .ValidateOnStart();
        services.AddSingleton<KubernetesConnection>();
        services.AddSingleton<IServiceTarget, KubernetesServiceTarget>();
        services.AddSingleton<IJobTarget, KubernetesJobTarget>();
        services.AddHealthChecks().AddCheck<KubernetesHealthCheck>("kubernetes-api", tags: ["ready"]);
        return services;
    }
}

internal sealed class KubernetesHealthCheck(KubernetesConnection cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var version = await cluster.Client.Version.GetCodeAsync(timeout.Token);
            return HealthCheckResult.Healthy($"Kubernetes {version.GitVersion} at {cluster.Server}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the Kubernetes API server at {cluster.Server} ({cluster.Source}) does not answer: {e.Message}");
        }
    }
}

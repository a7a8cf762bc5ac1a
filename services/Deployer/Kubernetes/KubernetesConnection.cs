using k8s;
using Microsoft.Extensions.Options;

namespace Platform.Deployer.Kubernetes;

/// <summary>
/// The cluster client and namespace: from the configured kubeconfig; else, inside a pod, from its service
/// account (in-cluster config); else from <c>KUBECONFIG</c> or <c>~/.kube/config</c>, as kubectl does.
/// </summary>
public sealed class KubernetesConnection : IDisposable
{
    public KubernetesConnection(IOptions<KubernetesTargetOptions> options)
    {
        var settings = options.Value;
        KubernetesClientConfiguration config;
        if (!string.IsNullOrEmpty(settings.Kubeconfig))
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(settings.Kubeconfig, NullIfEmpty(settings.Context));
            Source = $"kubeconfig {settings.Kubeconfig}";
        }
        else if (KubernetesClientConfiguration.IsInCluster())
        {
            config = KubernetesClientConfiguration.InClusterConfig();
            Source = "the pod's service account (in-cluster)";
        }
        else
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: NullIfEmpty(settings.Context));
            Source = "the default kubeconfig";
        }

        Namespace = NullIfEmpty(settings.Namespace) ?? NullIfEmpty(config.Namespace) ?? "default";
        Server = config.Host;
        Client = new k8s.Kubernetes(config);
    }

    public IKubernetes Client { get; }

    public string Namespace { get; }

    public string Server { get; }

    /// <summary>Where the configuration came from, for the log and error messages.</summary>
    public string Source { get; }

    public void Dispose() => Client.Dispose();

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

using System.ComponentModel.DataAnnotations;

namespace Platform.Deployer.Kubernetes;

/// <summary>How the deployer reaches a cluster (section <c>Deployer:Kubernetes</c>), used when <c>Deployer:Target</c> is kubernetes.</summary>
public sealed class KubernetesTargetOptions
{
    public const string Section = "Deployer:Kubernetes";

    /// <summary>A kubeconfig file. Empty: the pod's service account when running in a cluster, else <c>KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; empty for its current context.</summary>
    public string? Context { get; set; }

    /// <summary>The namespace of the deployments' objects; empty for the context's (or the pod's) namespace, else <c>default</c>.</summary>
    [RegularExpression("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)?$", ErrorMessage = "Deployer:Kubernetes:Namespace must be a Kubernetes namespace name.")]
    public string? Namespace { get; set; }

    /// <summary>The longest a rollout may take, whatever the Deployment's progress deadline says.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00", ErrorMessage = "Deployer:Kubernetes:RolloutTimeout must be between 1 s and 2 hours.")]
    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Pause between two reads of a Deployment's status while following its rollout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Deployer:Kubernetes:PollInterval must be between 50 ms and 1 minute.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

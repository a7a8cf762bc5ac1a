using k8s.Models;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Kubernetes;

public static class KubernetesContainers
{
    /// <summary>The container to patch: the one <c>kubernetes.container</c> names, else the only one, else the one named like the object.</summary>
    public static V1Container Find(string deployment, string what, KubernetesObject target, IList<V1Container>? containers)
    {
        var all = containers ?? [];
        var found = target.Container is { } name ? all.FirstOrDefault(c => c.Name == name)
            : all.Count == 1 ? all[0]
            : all.FirstOrDefault(c => c.Name == target.Name);
        return found ?? throw new DeploymentException(
            $"{deployment}: the {what} has no container {target.Container ?? target.Name} (it has: {string.Join(", ", all.Select(c => c.Name))}); set kubernetes.container", []);
    }
}

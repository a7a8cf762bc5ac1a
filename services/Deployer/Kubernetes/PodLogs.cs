using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Platform.Deployer.Kubernetes;

/// <summary>What the pods of a failed version say: their waiting or terminated reasons and the newest pod's last log lines.</summary>
public static class PodLogs
{
    public static async Task<(string Summary, IReadOnlyList<string> Tail)> OfAsync(
        IKubernetes client, string ns, V1Deployment deployment, string container, string image, CancellationToken cancellationToken)
    {
        try
        {
            var selector = string.Join(',', (deployment.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}"));
            var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken)).Items
                .Where(p => p.Spec?.Containers?.Any(c => c.Name == container && c.Image == image) == true)
                .OrderByDescending(p => p.Metadata?.CreationTimestamp)
                .ToList();
            if (pods.Count == 0)
            {
                return ("no pod of the new version was found", []);
            }

            var states = pods.SelectMany(p => p.Status?.ContainerStatuses?.Where(s => s.Name == container) ?? [])
                .Select(s => s.State?.Waiting is { } waiting ? $"{waiting.Reason}: {waiting.Message}"
                    : s.State?.Terminated is { } ended ? $"exited with code {ended.ExitCode} ({ended.Reason})" : null)
                .OfType<string>().Distinct().ToList();
            await using var log = await client.CoreV1.ReadNamespacedPodLogAsync(pods[0].Metadata.Name, ns, container: container, tailLines: 30,
                cancellationToken: cancellationToken);
            using var reader = new StreamReader(log);
            var text = await reader.ReadToEndAsync(cancellationToken);
            var summary = states.Count == 0 ? $"{pods.Count} pod(s) of the new version" : $"pods of the new version: {string.Join("; ", states)}";
            return (summary, text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // Logs are a courtesy: a service account without pods/log access still gets its rollback.
            return ($"the pods of the new version could not be read: {e.Message}", []);
        }
    }
}

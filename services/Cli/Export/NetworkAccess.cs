using static Platform.Cli.Export.DeployerAccess;

namespace Platform.Cli.Export;

/// <summary>
/// Who may reach what in Platform's namespace: nothing by default; Platform's pods each other (APIs, broker, registry); the
/// ingress controller's namespace only the builder's and the watcher's webhook port; and an Ingress that routes only the
/// webhook paths (push webhooks to the builder, registry notifications to the watcher), so no changing API is published.
/// </summary>
public static class NetworkAccess
{
    public const string IngressName = "platform-webhooks";

    /// <summary>The webhook paths by the service that answers them (services/Builder/Coordinator/Webhooks, services/RegistryWatcher/Webhooks).</summary>
    public static readonly (string Service, string Path)[] Webhooks =
    [
        ("builder", "/api/webhooks/github"),
        ("builder", "/api/webhooks/gitlab"),
        ("builder", "/api/webhooks/gitea"),
        ("builder", "/api/webhooks/git"),
        ("registry-watcher", "/api/webhooks/distribution"),
        ("registry-watcher", "/api/webhooks/dockerhub"),
    ];

    public static IEnumerable<Dictionary<string, object?>> Documents(ExportSettings settings)
    {
        var ns = settings.Namespace;
        var partOf = Map(("app.kubernetes.io/part-of", "platform"));
        var labels = PodHardening.PlatformLabels(settings.Images.Version);
        yield return Policy("default-deny-ingress", ns, labels, new Dictionary<string, object?>(), []);
        yield return Policy("platform-internal", ns, labels, Map(("matchLabels", partOf)), [Map(("from", new List<object?> { Map(("podSelector", Map(("matchLabels", partOf)))) }))]);
        var webhookServices = Webhooks.Select(w => (object?)w.Service).Distinct().ToList();
        yield return Policy(
            "webhooks-from-ingress",
            ns,
            labels,
            Map(("matchExpressions", new List<object?> { Map(("key", "app.kubernetes.io/name"), ("operator", "In"), ("values", webhookServices)) })),
            [Map(
                ("from", new List<object?> { Map(("namespaceSelector", Map(("matchLabels", Map(("kubernetes.io/metadata.name", settings.IngressNamespace)))))) }),
                ("ports", new List<object?> { Map(("protocol", "TCP"), ("port", ManifestExpressions.ProjectPort)) }))]);

        var paths = Webhooks.Select(w => (object?)Map(("path", w.Path), ("pathType", "Exact"), ("backend", Backend(w.Service)))).ToList();
        var rule = Map(("http", Map(("paths", paths))));
        if (settings.WebhookHost is { } host)
        {
            rule = new Dictionary<string, object?> { ["host"] = host }.Concat(rule).ToDictionary(p => p.Key, p => p.Value);
        }

        yield return Map(
            ("apiVersion", "networking.k8s.io/v1"),
            ("kind", "Ingress"),
            ("metadata", Map(("name", IngressName), ("namespace", ns), ("labels", PodHardening.PlatformLabels(settings.Images.Version)))),
            ("spec", Map(("ingressClassName", settings.IngressClass), ("rules", new List<object?> { rule }))));
    }

    private static Dictionary<string, object?> Backend(string service) =>
        Map(("service", Map(("name", service), ("port", Map(("name", "http"))))));

    private static Dictionary<string, object?> Policy(string name, string ns, Dictionary<string, object?> labels, Dictionary<string, object?> podSelector, List<object?> ingress)
    {
        var spec = Map(("podSelector", podSelector), ("policyTypes", new List<object?> { "Ingress" }));
        if (ingress.Count > 0)
        {
            spec["ingress"] = ingress;
        }

        return Map(
            ("apiVersion", "networking.k8s.io/v1"),
            ("kind", "NetworkPolicy"),
            ("metadata", Map(("name", name), ("namespace", ns), ("labels", labels))),
            ("spec", spec));
    }
}

namespace Platform.Cli.Export;

/// <summary>
/// The deployer's ServiceAccount and the least RBAC its Kubernetes target needs: read and patch Deployments
/// and CronJobs, list pods and read their logs (for the log lines of a failed rollout).
/// </summary>
public static class DeployerAccess
{
    public const string Account = "platform-deployer";

    public static IEnumerable<Dictionary<string, object?>> Documents(string ns, Dictionary<string, object?> labels)
    {
        yield return Map(("apiVersion", "v1"), ("kind", "ServiceAccount"), ("metadata", Map(("name", Account), ("namespace", ns), ("labels", labels))));
        yield return Map(
            ("apiVersion", "rbac.authorization.k8s.io/v1"),
            ("kind", "Role"),
            ("metadata", Map(("name", Account), ("namespace", ns), ("labels", labels))),
            ("rules", new List<object?>
            {
                Rule("apps", "deployments", "get", "patch"),
                Rule("batch", "cronjobs", "get", "patch"),
                Rule("", "pods", "list"),
                Rule("", "pods/log", "get"),
            }));
        yield return Map(
            ("apiVersion", "rbac.authorization.k8s.io/v1"),
            ("kind", "RoleBinding"),
            ("metadata", Map(("name", Account), ("namespace", ns), ("labels", labels))),
            ("roleRef", Map(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "Role"), ("name", Account))),
            ("subjects", new List<object?> { Map(("kind", "ServiceAccount"), ("name", Account), ("namespace", ns)) }));
    }

    private static Dictionary<string, object?> Rule(string group, string resource, params string[] verbs) =>
        Map(("apiGroups", new List<object?> { group }), ("resources", new List<object?> { resource }), ("verbs", verbs.Cast<object?>().ToList()));

    internal static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}

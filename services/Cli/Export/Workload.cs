using System.Text.Json;
using static Platform.Cli.Export.DeployerAccess;

namespace Platform.Cli.Export;

/// <summary>One resource of the model as a ConfigMap (its plain settings), a Deployment and a Service per binding.</summary>
public static class Workload
{
    /// <summary>Where a service keeps its state and finds the repository of images (the AppHost's publish-mode paths).</summary>
    public const string DataPath = "/var/lib/platform";

    public static IEnumerable<Dictionary<string, object?>> Documents(string name, JsonElement resource, bool project, ManifestExpressions expressions, string ns)
    {
        var plain = new Dictionary<string, object?>(StringComparer.Ordinal);
        var withSecrets = new List<object?>();
        if (resource.TryGetProperty("env", out var env))
        {
            foreach (var variable in ManifestJson.Properties(env, $"resources.{name}.env"))
            {
                var text = ManifestJson.Text(variable.Value, $"resources.{name}.env.{variable.Name}");
                if (expressions.SecretOnly(text) is { } key)
                {
                    withSecrets.Add(SecretVariable(variable.Name, key));
                    continue;
                }

                var before = expressions.Secrets.Count;
                var value = expressions.Resolve(text);
                if (expressions.Secrets.Count > before || value.Contains("$(", StringComparison.Ordinal))
                {
                    withSecrets.Add(Map(("name", variable.Name), ("value", value)));
                }
                else
                {
                    plain[variable.Name] = value;
                }
            }
        }

        if (project && name == KubernetesExport.Deployer)
        {
            plain["Deployer__Target"] = "kubernetes";
        }

        // Secret values first: a value such as a connection string refers to them as $(SECRET_...).
        var environment = expressions.Secrets.Select(s => (object?)SecretVariable(s.Key, s.Value)).Concat(withSecrets).ToList();
        var labels = Map(("app.kubernetes.io/name", name), ("app.kubernetes.io/part-of", "platform"));
        yield return Map(("apiVersion", "v1"), ("kind", "ConfigMap"), ("metadata", Map(("name", $"{name}-config"), ("namespace", ns), ("labels", labels))),
            ("data", plain));

        var ports = Ports(name, resource).ToList();
        var container = Map(
            ("name", name),
            ("image", project ? $"platform/{name}:latest" : ManifestJson.Text(resource, $"resources.{name}", "image")),
            ("envFrom", new List<object?> { Map(("configMapRef", Map(("name", $"{name}-config")))) }),
            ("env", environment),
            ("ports", ports.Select(p => (object?)Map(("name", p.Name), ("containerPort", p.Port))).ToList()));
        if (project)
        {
            container["readinessProbe"] = Map(("httpGet", Map(("path", "/health"), ("port", ManifestExpressions.ProjectPort))), ("periodSeconds", 10));
            container["livenessProbe"] = Map(("httpGet", Map(("path", "/alive"), ("port", ManifestExpressions.ProjectPort))), ("periodSeconds", 20));
            container["volumeMounts"] = new List<object?> { Map(("name", "data"), ("mountPath", DataPath)) };
        }

        var pod = Map(("containers", new List<object?> { container }));
        if (project)
        {
            pod["volumes"] = new List<object?> { Map(("name", "data"), ("emptyDir", new Dictionary<string, object?>())) };
        }

        if (project && name == KubernetesExport.Deployer)
        {
            pod = new Dictionary<string, object?> { ["serviceAccountName"] = Account }.Concat(pod).ToDictionary(p => p.Key, p => p.Value);
        }

        yield return Map(
            ("apiVersion", "apps/v1"),
            ("kind", "Deployment"),
            ("metadata", Map(("name", name), ("namespace", ns), ("labels", labels))),
            ("spec", Map(
                ("replicas", 1),
                ("selector", Map(("matchLabels", Map(("app.kubernetes.io/name", name))))),
                ("template", Map(("metadata", Map(("labels", labels))), ("spec", pod))))));
        if (ports.Count > 0)
        {
            yield return Map(
                ("apiVersion", "v1"),
                ("kind", "Service"),
                ("metadata", Map(("name", name), ("namespace", ns), ("labels", labels))),
                ("spec", Map(
                    ("selector", Map(("app.kubernetes.io/name", name))),
                    ("ports", ports.Select(p => (object?)Map(("name", p.Name), ("port", p.Port), ("targetPort", p.Port))).ToList()))));
        }
    }

    private static IEnumerable<(string Name, int Port)> Ports(string name, JsonElement resource) =>
        resource.TryGetProperty("bindings", out var bindings)
            ? ManifestJson.Properties(bindings, $"resources.{name}.bindings").Select(b => (b.Name, ManifestExpressions.TargetPort(name, resource, b.Name)))
            : [];

    private static Dictionary<string, object?> SecretVariable(string variable, string key) =>
        Map(("name", variable), ("valueFrom", Map(("secretKeyRef", Map(("name", ManifestExpressions.SecretName), ("key", key))))));
}

using System.Text.Json;
using static Platform.Cli.Export.DeployerAccess;
using static Platform.Cli.Export.PodHardening;

namespace Platform.Cli.Export;

/// <summary>
/// One resource of the model as a ConfigMap (its plain settings), a workload and a Service. A resource with state (a Platform
/// service's data folder, RabbitMQ's queues, the registry's blobs) is a StatefulSet of one replica with a PersistentVolumeClaim:
/// one writer per SQLite file, the same volume and host name after every restart; the console, which keeps nothing, a Deployment.
/// </summary>
public static class Workload
{
    /// <summary>Where a service keeps its state (the AppHost's publish-mode paths, the contract's volume of Platform's images).</summary>
    public const string DataPath = "/var/lib/platform";

    public const string RegistryPullSecret = "platform-registry";

    public static IEnumerable<Dictionary<string, object?>> Documents(string name, JsonElement resource, bool project, ManifestExpressions expressions, ExportSettings settings)
    {
        var ns = settings.Namespace;
        var image = project ? PlatformImage(name, resource) : null;
        var containerImage = project ? $"platform/{image}" : ManifestJson.Text(resource, $"resources.{name}", "image");
        var environment = WorkloadEnvironment.Of(name, resource, image, expressions, settings);
        var dataPath = project
            ? environment.Plain.Keys.Any(k => k.EndsWith("__DataDirectory", StringComparison.Ordinal)) ? DataPath : null
            : Repository(containerImage) switch { "rabbitmq" => "/var/lib/rabbitmq", "registry" => "/var/lib/registry", _ => null };
        var labels = Labels(name, project ? settings.Images.Version : TagOf(containerImage));
        yield return Map(("apiVersion", "v1"), ("kind", "ConfigMap"), ("metadata", Map(("name", $"{name}-config"), ("namespace", ns), ("labels", labels))),
            ("data", environment.Plain));

        var ports = Ports(name, resource).ToList();
        var mounts = new List<object?> { TmpMount() };
        if (dataPath is not null)
        {
            mounts.Add(Map(("name", "data"), ("mountPath", dataPath)));
        }

        var container = Map(
            ("name", name),
            ("image", containerImage),
            ("envFrom", new List<object?> { Map(("configMapRef", Map(("name", $"{name}-config")))) }),
            ("env", environment.FromSecret),
            ("ports", ports.Select(p => (object?)Map(("name", p.Name), ("containerPort", p.Port))).ToList()));
        foreach (var (key, value) in Probes(project, containerImage, ports))
        {
            container[key] = value;
        }

        container["resources"] = Resources(project ? image! : Repository(containerImage) == "rabbitmq" ? "messaging" : Repository(containerImage));
        container["securityContext"] = ContainerSecurity();
        container["volumeMounts"] = mounts;

        var containers = new List<object?> { container };
        var volumes = new List<object?> { TmpVolume() };
        var claims = new List<object?>();
        if (dataPath is not null)
        {
            claims.Add(Claim("data", Storage(image ?? (Repository(containerImage) == "rabbitmq" ? "messaging" : Repository(containerImage)))));
        }

        if (image == "builder" && settings.Docker.IsDind)
        {
            BuilderEngine.AddSidecar(container, containers, volumes, claims, environment.Plain);
        }

        var pod = new Dictionary<string, object?>(StringComparer.Ordinal);
        var deployer = image == KubernetesExport.Deployer;
        if (deployer)
        {
            pod["serviceAccountName"] = Account;
        }

        pod["automountServiceAccountToken"] = deployer;
        pod["securityContext"] = PodSecurity(name);
        pod["imagePullSecrets"] = new List<object?> { Map(("name", RegistryPullSecret)) };
        pod["containers"] = containers;
        pod["volumes"] = volumes;
        var template = Map(("metadata", Map(("labels", labels))), ("spec", pod));
        var spec = claims.Count > 0
            ? Map(("serviceName", name), ("replicas", 1), ("selector", Map(("matchLabels", Selector(name)))), ("template", template),
                ("volumeClaimTemplates", claims))
            : Map(("replicas", 1), ("selector", Map(("matchLabels", Selector(name)))), ("template", template));
        yield return Map(
            ("apiVersion", "apps/v1"),
            ("kind", claims.Count > 0 ? "StatefulSet" : "Deployment"),
            ("metadata", Map(("name", name), ("namespace", ns), ("labels", labels))),
            ("spec", spec));
        if (ports.Count > 0)
        {
            yield return Map(
                ("apiVersion", "v1"),
                ("kind", "Service"),
                ("metadata", Map(("name", name), ("namespace", ns), ("labels", labels))),
                ("spec", Map(
                    ("selector", Selector(name)),
                    ("ports", ports.Select(p => (object?)Map(("name", p.Name), ("port", p.Port), ("targetPort", p.Name))).ToList()))));
        }
    }

    /// <summary>Platform's image of a project: its project file's name in kebab case (services/RegistryWatcher/RegistryWatcher.csproj: registry-watcher).</summary>
    public static string PlatformImage(string name, JsonElement resource)
    {
        var file = Path.GetFileNameWithoutExtension(ManifestJson.Text(resource, $"resources.{name}", "path").Replace('\\', '/'));
        return string.Concat(file.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }

    /// <summary>The tag of an image that names one that is also a label value (docker.io/library/rabbitmq:4.3: 4.3), else null.</summary>
    private static string? TagOf(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        var tag = colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
        return tag is { Length: > 0 and <= 63 } && char.IsAsciiLetterOrDigit(tag[0]) && char.IsAsciiLetterOrDigit(tag[^1])
            && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? tag : null;
    }

    /// <summary>The last part of an image's repository: docker.io/library/rabbitmq:4.3 is rabbitmq.</summary>
    private static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return (colon > slash ? name[..colon] : name)[(slash + 1)..];
    }

    private static IEnumerable<(string Key, object? Value)> Probes(bool project, string image, List<(string Name, int Port)> ports)
    {
        if (project)
        {
            yield return ("readinessProbe", Map(("httpGet", Map(("path", "/health"), ("port", "http"))), ("periodSeconds", 10), ("failureThreshold", 3)));
            yield return ("livenessProbe", Map(("httpGet", Map(("path", "/alive"), ("port", "http"))), ("initialDelaySeconds", 10), ("periodSeconds", 20)));
        }
        else if (Repository(image) == "rabbitmq")
        {
            // The broker's own diagnostics, as RabbitMQ's Kubernetes guide does: the node answers, then its AMQP port accepts.
            yield return ("readinessProbe", Exec(["rabbitmq-diagnostics", "-q", "check_port_connectivity"], initialDelay: 10, period: 15));
            yield return ("livenessProbe", Exec(["rabbitmq-diagnostics", "-q", "ping"], initialDelay: 60, period: 30));
        }
        else if (Repository(image) == "registry" && ports.Count > 0)
        {
            yield return ("readinessProbe", Map(("httpGet", Map(("path", "/v2/"), ("port", ports[0].Name))), ("periodSeconds", 10)));
            yield return ("livenessProbe", Map(("httpGet", Map(("path", "/v2/"), ("port", ports[0].Name))), ("periodSeconds", 30)));
        }
    }

    private static Dictionary<string, object?> Exec(string[] command, int initialDelay, int period) => Map(
        ("exec", Map(("command", command.Cast<object?>().ToList()))),
        ("initialDelaySeconds", initialDelay),
        ("periodSeconds", period),
        ("timeoutSeconds", 20));

    public static Dictionary<string, object?> Claim(string name, string size) => Map(
        ("metadata", Map(("name", name))),
        ("spec", Map(
            ("accessModes", new List<object?> { "ReadWriteOnce" }),
            ("resources", Map(("requests", Map(("storage", size))))))));

    private static IEnumerable<(string Name, int Port)> Ports(string name, JsonElement resource) =>
        resource.TryGetProperty("bindings", out var bindings)
            ? ManifestJson.Properties(bindings, $"resources.{name}.bindings").Select(b => (b.Name, ManifestExpressions.TargetPort(name, resource, b.Name)))
            : [];
}

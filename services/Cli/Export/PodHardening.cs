using static Platform.Cli.Export.DeployerAccess;

namespace Platform.Cli.Export;

/// <summary>
/// What every pod of the export runs with: the <c>app.kubernetes.io/*</c> labels, a non-root user (10001 for Platform's
/// images, RabbitMQ's own 999), a read-only root file system with an emptyDir on /tmp, no privilege escalation, no
/// capabilities, the runtime's default seccomp profile, and requests and limits for every container.
/// </summary>
public static class PodHardening
{
    public const int PlatformUser = 10001;
    public const int RabbitMqUser = 999;
    public const string Instance = "platform";

    /// <summary>The component label of each resource of the model (the broker and the registry by their role).</summary>
    public static string Component(string name) => name switch
    {
        "messaging" => "broker",
        _ => name,
    };

    /// <summary>The labels of a resource's objects and pods; <paramref name="version"/> is its image's tag (Platform's, or RabbitMQ's 4.3).</summary>
    public static Dictionary<string, object?> Labels(string name, string? version)
    {
        var labels = Map(
            ("app.kubernetes.io/name", name),
            ("app.kubernetes.io/instance", Instance),
            ("app.kubernetes.io/component", Component(name)),
            ("app.kubernetes.io/part-of", "platform"));
        if (version is not null)
        {
            labels["app.kubernetes.io/version"] = version;
        }

        labels["app.kubernetes.io/managed-by"] = "platform-export";
        return labels;
    }

    /// <summary>The labels of what belongs to Platform as a whole (RBAC, network policies, the Ingress).</summary>
    public static Dictionary<string, object?> PlatformLabels(string version) => Map(
        ("app.kubernetes.io/part-of", "platform"),
        ("app.kubernetes.io/version", version),
        ("app.kubernetes.io/managed-by", "platform-export"));

    /// <summary>What a selector matches on: labels that never change over a pod's life (the version is set by the overlays, outside selectors).</summary>
    public static Dictionary<string, object?> Selector(string name) => Map(("app.kubernetes.io/name", name), ("app.kubernetes.io/instance", Instance));

    public static Dictionary<string, object?> PodSecurity(string name)
    {
        var user = name == "messaging" ? RabbitMqUser : PlatformUser;
        return Map(
            ("runAsNonRoot", true),
            ("runAsUser", user),
            ("runAsGroup", user),
            ("fsGroup", user),
            ("fsGroupChangePolicy", "OnRootMismatch"),
            ("seccompProfile", Map(("type", "RuntimeDefault"))));
    }

    public static Dictionary<string, object?> ContainerSecurity() => Map(
        ("allowPrivilegeEscalation", false),
        ("readOnlyRootFilesystem", true),
        ("capabilities", Map(("drop", new List<object?> { "ALL" }))));

    public static Dictionary<string, object?> TmpMount() => Map(("name", "tmp"), ("mountPath", "/tmp"));

    public static Dictionary<string, object?> TmpVolume() => Map(("name", "tmp"), ("emptyDir", Map(("sizeLimit", "1Gi"))));

    /// <summary>Requests and limits by component: the builder and its engine get room to build, the rest little.</summary>
    public static Dictionary<string, object?> Resources(string container) => container switch
    {
        "builder" => Sizes("250m", "512Mi", "2", "2Gi"),
        "docker" => Sizes("500m", "1Gi", "4", "8Gi"),
        "messaging" => Sizes("200m", "512Mi", "1", "1Gi"),
        "registry" => Sizes("100m", "128Mi", "1", "512Mi"),
        _ => Sizes("100m", "256Mi", "1", "512Mi"),
    };

    /// <summary>The size of each persistent volume: build history and logs, RabbitMQ's queues, the registry's blobs, the engine's layers.</summary>
    public static string Storage(string claim) => claim switch
    {
        "builder" => "10Gi",
        "registry" => "20Gi",
        "docker" => "30Gi",
        "messaging" => "2Gi",
        _ => "1Gi",
    };

    public static Dictionary<string, object?> Sizes(string cpu, string memory, string cpuLimit, string memoryLimit) => Map(
        ("requests", Map(("cpu", cpu), ("memory", memory))),
        ("limits", Map(("cpu", cpuLimit), ("memory", memoryLimit))));
}

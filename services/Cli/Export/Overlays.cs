using static Platform.Cli.Export.DeployerAccess;

namespace Platform.Cli.Export;

/// <summary>
/// The kustomize overlays, one per installation (beta and prod by default): its namespace (with the Pod Security level its pods
/// need), Platform's images by digest or tag, the Secret made from its <c>secrets.env</c> and the pull
/// secret from its <c>registry-auth.json</c>, and for prod more room for builds.
/// </summary>
public static class Overlays
{
    public const string SecretsFile = "secrets.env";
    public const string RegistryAuthFile = "registry-auth.json";
    public const string AnonymousRegistryAuth = "{\"auths\":{}}\n";

    public static IEnumerable<(string Path, string Text)> Files(Overlay overlay, ExportSettings settings, IReadOnlyCollection<string> requiredSecrets)
    {
        var folder = $"overlays/{overlay.Name}";
        var patches = overlay.Name == "prod";
        var kustomization = Map(
            ("apiVersion", "kustomize.config.k8s.io/v1beta1"),
            ("kind", "Kustomization"),
            ("namespace", overlay.Namespace),
            ("resources", new List<object?> { "namespace.yaml", "../../base" }),
            ("images", settings.Images.References.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (object?)Image(r.Key, r.Value)).ToList()),
            ("secretGenerator", new List<object?>
            {
                Map(("name", ManifestExpressions.SecretName), ("envs", new List<object?> { SecretsFile })),
                Map(("name", Workload.RegistryPullSecret), ("type", "kubernetes.io/dockerconfigjson"), ("files", new List<object?> { $".dockerconfigjson={RegistryAuthFile}" })),
            }));
        if (patches)
        {
            kustomization["patches"] = new List<object?> { Map(("path", "resources.yaml"), ("target", Map(("group", "apps"), ("version", "v1"), ("kind", "StatefulSet"), ("name", "builder")))) };
        }

        yield return ($"{folder}/kustomization.yaml", KubernetesExport.Header + YamlWriter.Write(kustomization));
        yield return ($"{folder}/namespace.yaml", KubernetesExport.Header + YamlWriter.Write(Namespace(overlay.Namespace, settings.Docker)));
        yield return ($"{folder}/secrets.env.example", SecretKeys.Example(requiredSecrets));
        yield return ($"{folder}/{RegistryAuthFile}", settings.RegistryAuth ?? AnonymousRegistryAuth);
        if (settings.Secrets is { } secrets)
        {
            yield return ($"{folder}/{SecretsFile}", SecretKeys.Write(secrets));
        }

        if (patches)
        {
            yield return ($"{folder}/resources.yaml", KubernetesExport.Header + YamlWriter.Write(BuilderSizes(settings.Docker)));
        }
    }

    /// <summary>The Namespace, at the Pod Security level its pods need: restricted, or privileged for the dind sidecar.</summary>
    public static Dictionary<string, object?> Namespace(string name, DockerEngine docker) => Map(
        ("apiVersion", "v1"),
        ("kind", "Namespace"),
        ("metadata", Map(
            ("name", name),
            ("labels", Map(
                ("app.kubernetes.io/part-of", "platform"),
                ("pod-security.kubernetes.io/enforce", docker.IsDind ? "privileged" : "restricted"),
                ("pod-security.kubernetes.io/warn", "restricted"))))));

    private static Dictionary<string, object?> Image(string service, ImageName image)
    {
        var entry = Map(("name", $"platform/{service}"), ("newName", image.Name));
        entry[image.Digest is null ? "newTag" : "digest"] = image.Digest ?? image.Tag;
        return entry;
    }

    /// <summary>prod's builds: more CPU and memory for the builder and its engine than the base gives.</summary>
    private static Dictionary<string, object?> BuilderSizes(DockerEngine docker)
    {
        var containers = new List<object?> { Map(("name", "builder"), ("resources", PodHardening.Sizes("1", "1Gi", "4", "4Gi"))) };
        if (docker.IsDind)
        {
            containers.Add(Map(("name", "docker"), ("resources", PodHardening.Sizes("1", "2Gi", "8", "16Gi"))));
        }

        return Map(
            ("apiVersion", "apps/v1"),
            ("kind", "StatefulSet"),
            ("metadata", Map(("name", "builder"))),
            ("spec", Map(("template", Map(("spec", Map(("containers", containers))))))));
    }
}

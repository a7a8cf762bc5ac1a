namespace Platform.Cli.Export;

/// <summary>How the builder reaches a Docker engine in the cluster.</summary>
/// <param name="Host">null: a docker:dind sidecar in the builder's pod; otherwise the engine's address (<c>DOCKER_HOST</c>) that the user runs.</param>
public sealed record DockerEngine(string? Host)
{
    public static readonly DockerEngine Dind = new((string?)null);

    public bool IsDind => Host is null;
}

/// <summary>An installation of Platform that the export writes a kustomize overlay for: its folder name and its namespace.</summary>
public sealed record Overlay(string Name, string Namespace);

/// <summary>The choices of <c>platform export kubernetes</c> beyond the AppHost's model; every one has a default but the images.</summary>
/// <param name="Namespace">The base's namespace.</param>
/// <param name="Images">Platform's own images, by digest or by tag, that every overlay names.</param>
/// <param name="Secrets">Secret values to write as each overlay's <c>secrets.env</c>; null: the user writes that file.</param>
/// <param name="RegistryAuth">A Docker config JSON for <c>imagePullSecrets</c>; null: anonymous pulls.</param>
public sealed record ExportSettings(
    string Namespace,
    PlatformImages Images,
    DockerEngine Docker,
    string MessagingUser,
    IReadOnlyList<Overlay> Overlays,
    string IngressNamespace,
    string IngressClass,
    string? WebhookHost,
    IReadOnlyDictionary<string, string>? Secrets = null,
    string? RegistryAuth = null)
{
    public const string DefaultMessagingUser = "platform";

    /// <summary>What the committed <c>deploy/kubernetes</c> is written with (<c>scripts/export-kubernetes.sh</c>'s defaults).</summary>
    public static ExportSettings Defaults(string ns = "platform") => new(
        ns,
        PlatformImages.FromTag(PlatformImages.DefaultRegistry, "latest"),
        DockerEngine.Dind,
        DefaultMessagingUser,
        [new("beta", $"{ns}-beta"), new("prod", $"{ns}-prod")],
        "ingress-nginx",
        "nginx",
        null);
}

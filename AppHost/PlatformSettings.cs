using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

/// <summary>How the infrastructure of the beta environment is provided (<c>Platform:Infrastructure</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>RabbitMQ and the registry run as host processes from Debian's packages (works without Docker Hub).</summary>
    Host,

    /// <summary>RabbitMQ and the registry run as containers from Docker Hub images.</summary>
    Containers,
}

/// <summary>The AppHost's own settings, section <c>Platform</c>; every one has a default that works on a fresh machine.</summary>
public sealed record PlatformSettings(
    InfrastructureMode Infrastructure,
    string DataDirectory,
    string Repository,
    string ImagesRoot,
    string? RootImage,
    string Environment,
    Uri? ExternalRegistry,
    string ScriptsDirectory)
{
    public const string Section = "Platform";
    public const string DefaultRootImage = "platform/root:busybox-${TARGETARCH}";

    public static PlatformSettings Read(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(Section);
        var repositoryRoot = Path.GetFullPath(Path.Combine(appHostDirectory, ".."));
        var modeText = section["Infrastructure"] ?? nameof(InfrastructureMode.Host);
        if (!Enum.TryParse<InfrastructureMode>(modeText, ignoreCase: true, out var mode))
        {
            throw new InvalidOperationException(
                $"Platform:Infrastructure is '{modeText}'; use 'host' (RabbitMQ and registry from OS packages) or 'containers' (from Docker Hub images).");
        }

        var rootImage = section["RootImage"] ?? DefaultRootImage;
        Uri? externalRegistry = null;
        if (section["Registry"] is { Length: > 0 } registryText
            && (!Uri.TryCreate(registryText, UriKind.Absolute, out externalRegistry) || externalRegistry.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException(
                $"Platform:Registry is '{registryText}'; give the http(s) address of an existing registry, for example https://registry.example.com, or leave it empty to run one.");
        }

        return new PlatformSettings(
            mode,
            Path.GetFullPath(section["DataDirectory"] ?? Path.Combine(repositoryRoot, ".platform")),
            Path.GetFullPath(section["Repository"] ?? repositoryRoot),
            section["ImagesRoot"] ?? "images",
            rootImage.Length == 0 ? null : rootImage,
            section["Environment"] ?? "beta",
            externalRegistry,
            Path.Combine(repositoryRoot, "scripts"));
    }

    public string DataOf(string resource) => Path.Combine(DataDirectory, resource);
}

using System.Text.RegularExpressions;
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
/// <param name="Repository">A local path (made absolute) or a remote's URL, passed to the services as it is.</param>
/// <param name="RepositoryAccess">How the services reach a remote repository (none for a local one).</param>
public sealed partial record PlatformSettings(
    InfrastructureMode Infrastructure,
    string DataDirectory,
    string Repository,
    string ImagesRoot,
    string? RootImage,
    string Environment,
    Uri? ExternalRegistry,
    string ScriptsDirectory,
    RepositoryAccess? RepositoryAccess = null)
{
    /// <summary>
    /// The environments the AppHost runs a deployer for (<c>Platform:Environments</c>, for example <c>beta,prod</c>): <see cref="Environment"/>
    /// always, as the resource <c>deployer</c>, and each other one as <c>deployer-&lt;name&gt;</c>. By default only <see cref="Environment"/>.
    /// </summary>
    public IReadOnlyList<string> Environments { get; init; } = [Environment];

    /// <summary>How the services run (<c>Platform:Services</c>): as processes of their projects, or as containers of Platform's images.</summary>
    public ServicesMode Services { get; init; } = ServicesMode.Projects;

    /// <summary>With <see cref="ServicesMode.Containers"/>: where the service images are named (the file scripts/platform-images.sh writes).</summary>
    public string ServiceImagesFile { get; init; } = "";

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

        var servicesText = section["Services"] ?? nameof(ServicesMode.Projects);
        if (!Enum.TryParse<ServicesMode>(servicesText, ignoreCase: true, out var services) || !Enum.IsDefined(services))
        {
            throw new InvalidOperationException(
                $"Platform:Services is '{servicesText}'; use 'projects' (each service as a process of its project, the default) or 'containers' (each service as a container of Platform's own image, the cluster rehearsal).");
        }

        var rootImage = section["RootImage"] ?? DefaultRootImage;
        Uri? externalRegistry = null;
        if (section["Registry"] is { Length: > 0 } registryText
            && (!Uri.TryCreate(registryText, UriKind.Absolute, out externalRegistry) || externalRegistry.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException(
                $"Platform:Registry is '{registryText}'; give the http(s) address of an existing registry, for example https://registry.example.com, or leave it empty to run one.");
        }

        var dataDirectory = Path.GetFullPath(section["DataDirectory"] ?? Path.Combine(repositoryRoot, ".platform"));
        var repository = section["Repository"] is { Length: > 0 } text ? text.Trim() : repositoryRoot;
        var remote = IsRemote(repository);
        var environment = section["Environment"] ?? "beta";
        var environments = (section["Environments"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in environments)
        {
            if (!EnvironmentPattern().IsMatch(name))
            {
                throw new InvalidOperationException(
                    $"Platform:Environments names '{name}'; an environment is 1 to 31 lowercase letters, digits or '-' (for example beta,prod).");
            }
        }

        return new PlatformSettings(
            mode,
            dataDirectory,
            remote ? repository : Path.GetFullPath(repository),
            section["ImagesRoot"] ?? "images",
            rootImage.Length == 0 ? null : rootImage,
            environment,
            externalRegistry,
            Path.Combine(repositoryRoot, "scripts"),
            remote ? new RepositoryAccess(section["RepositoryUsername"], section["RepositorySshKeyFile"], section["RepositoryKnownHostsFile"], section["RepositoryPollInterval"]) : null)
        {
            Environments = [environment, .. environments.Where(e => e != environment).Distinct()],
            Services = services,
            ServiceImagesFile = Path.GetFullPath(section["ServiceImages"] ?? Path.Combine(repositoryRoot, ".platform", "platform-images.json")),
        };
    }

    /// <summary>A URL (<c>https://</c>, <c>ssh://</c>) or git's short ssh form (<c>git@host:path</c>); the services check the rest at their start.</summary>
    public static bool IsRemote(string repository) =>
        RemotePattern().IsMatch(repository) && !repository.StartsWith("file://", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*://|(?:[^@/:]+@)?[^@/:\[\]]{2,}:(?!//))")]
    private static partial Regex RemotePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex EnvironmentPattern();

    public string DataOf(string resource) => Path.Combine(DataDirectory, resource);
}

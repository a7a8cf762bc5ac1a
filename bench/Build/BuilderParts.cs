using Docker.DotNet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Builder;
using Platform.Builder.Logs;
using Platform.Builder.Workers.Building;
using Platform.Builder.Workers.Publishing;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Bench.Build;

/// <summary>The builder's own build-and-push path (the code a BuildImage command runs), wired by hand for one repository and registry.</summary>
public sealed class BuilderParts : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public BuilderParts(string repositoryPath, Uri registryUri, string dataDirectory, IReadOnlyDictionary<string, string> buildArgs)
    {
        Docker = new DockerClientConfiguration().CreateClient();
        var registry = new PlatformRegistry(registryUri);
        var client = new RegistryClient(http);
        var catalog = Options.Create(new CatalogOptions { Repository = repositoryPath, BuildArgs = new Dictionary<string, string>(buildArgs) });
        var builder = Options.Create(new BuilderOptions { DataDirectory = dataDirectory });
        var credentials = new RegistryCredentials(Options.Create(new RegistryOptions()));
        Images = new ImageBuilder(
            new GitRepository(repositoryPath),
            new PlatformBuilder(Docker, registry, new ImageTestRunner(Docker), credentials, catalog),
            new IndexPublisher(Docker, client, registry, credentials, new TransientRetry(NullLogger<TransientRetry>.Instance)),
            registry,
            new BuildLogStore(builder, NullLogger<BuildLogWriter>.Instance),
            new Platform.Builder.Workers.Building.UpstreamResolver(client, new RegistryEndpoints(Options.Create(new RegistryOptions()), registry)),
            catalog,
            builder);
    }

    public DockerClient Docker { get; }

    /// <summary>A build key of its own for every measured build: each one is a real build, never a finished earlier attempt.</summary>
    public static BuildAttempt NewAttempt() => new($"bench-{Guid.NewGuid():N}", Guid.NewGuid());

    public ImageBuilder Images { get; }

    public void Dispose()
    {
        Docker.Dispose();
        http.Dispose();
    }
}

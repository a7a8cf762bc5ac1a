using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Registry;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The whole beta environment started from the AppHost with Aspire.Hosting.Testing: real RabbitMQ,
/// real registry, real Docker engine, the three services, following a temporary git repository that
/// starts as a copy of this checkout's images/ (or, for <see cref="RemoteBetaEnvironment"/>, the remote
/// it is pushed to). Its containers carry a unique environment label and are removed afterwards, with
/// the images pulled from its registry.
/// </summary>
public class BetaEnvironment : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly Platform.Testing.TempDirectory data = new("beta-data");
    private readonly DockerClient docker = new DockerClientConfiguration().CreateClient();
    private FileLoggerProvider? logs;

    public string EnvironmentName { get; } = $"e2e-{Guid.NewGuid():N}"[..12];

    public TempGitRepository Repository { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    public string LogPath => logs?.Path ?? "";

    public string DataDirectory => data.Path;

    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public async Task InitializeAsync()
    {
        Repository = await TempGitRepository.CreateAsync();
        Repository.CopyFromCheckout("images");
        Repository.WriteFile("README.md", "A repository of images for the end-to-end test.\n");
        await Repository.CommitAllAsync("images from the checkout");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                .. await RepositoryArgumentsAsync(),
                $"--Platform:DataDirectory={data.Path}",
                $"--Platform:Environment={EnvironmentName}",
            ],
            (options, _) => options.DisableDashboard = true);
        // With the dashboard off nothing receives telemetry; an exporter that retries a closed port
        // would hold every service's shutdown (and a restart) for its export timeout.
        foreach (var service in builder.Resources.OfType<IResourceWithEnvironment>().Where(r => r is ProjectResource or Containers.ServiceContainerResource).ToList())
        {
            builder.CreateResourceBuilder(service).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        logs = new FileLoggerProvider(Path.Combine(AppContext.BaseDirectory, $"apphost-{EnvironmentName}.log"));
        builder.Services.AddLogging(logging => logging.AddProvider(logs));

        App = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(cts.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("builder", cts.Token);
    }

    /// <summary>The settings that point the AppHost at the repository of images: this local one by default.</summary>
    protected virtual Task<string[]> RepositoryArgumentsAsync() => Task.FromResult(new[] { $"--Platform:Repository={Repository.Path}" });

    /// <summary>Makes the commits of <see cref="Repository"/> visible to the services (nothing to do for a local repository).</summary>
    public virtual Task PublishAsync() => Task.CompletedTask;

    public HttpClient Http(string service) => App.CreateHttpClient(service, "http");

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"no connection string for {name}");

    public async Task<PlatformRegistry> RegistryAsync() => PlatformRegistry.Parse(await ConnectionStringAsync("registry"));

    public async Task<string?> RegistryDigestAsync(string image, string tag)
    {
        var registry = await RegistryAsync();
        using var http = new HttpClient();
        return await new RegistryClient(http).GetDigestAsync(registry.BaseUri, image, tag, CancellationToken.None);
    }

    public async Task<List<JsonElement>> GetListAsync(string service, string path, CancellationToken cancellationToken) =>
        await Http(service).GetFromJsonAsync<List<JsonElement>>(path, Json, cancellationToken) ?? [];

    public async Task<JsonElement> GetAsync(string service, string path, CancellationToken cancellationToken) =>
        await Http(service).GetFromJsonAsync<JsonElement>(path, Json, cancellationToken);

    /// <summary>The containers the deployer of this environment runs.</summary>
    public async Task<IList<ContainerListResponse>> ManagedContainersAsync() =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"dev.platform.environment={EnvironmentName}"] = true },
            },
        });

    public string Failure(string what) => $"{what} (service logs: {LogPath})";

    /// <summary>Clean-up goes on past what is already gone or still in use (a job container the deployer was removing itself).</summary>
    private static async Task BestEffortAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException)
        {
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (App is not null)
        {
            var registryHost = (await RegistryAsync()).Host;
            await App.DisposeAsync();
            foreach (var container in await ManagedContainersAsync())
            {
                await BestEffortAsync(() => docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }));
            }

            // By the references of this environment's registry only, so that no other tag of the same image is touched.
            foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters { All = true }))
            {
                var references = (image.RepoTags ?? []).Concat(image.RepoDigests ?? []).Where(r => r.StartsWith(registryHost + "/", StringComparison.Ordinal));
                foreach (var reference in references)
                {
                    await BestEffortAsync(() => docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters()));
                }
            }
        }

        logs?.Dispose();
        Repository?.Dispose();
        data.Dispose();
        docker.Dispose();
    }
}

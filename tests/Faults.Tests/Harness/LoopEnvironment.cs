using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Faults.Tests.Harness;

/// <summary>
/// The whole loop on this machine: a real RabbitMQ node and registry (which notifies the watcher), a git
/// repository of images made from this checkout's own images/ folder, and the builder, registry watcher and
/// deployer as real processes deploying to the local engine in an environment of the suite's own
/// (<c>faults-&lt;run&gt;</c>). Durable taps count every message of the loop across broker restarts.
/// Disposing stops everything, removes the environment's containers and the images the run made.
/// </summary>
public sealed class LoopEnvironment : IAsyncLifetime
{
    public const string Service = "dataplatform/status-api";
    public const string Job = "dataplatform/etl-weather";
    private const string Secret = "faults-suite-webhook-secret-0123456789";

    private readonly TempDirectory data = new("faults");
    private readonly DockerClient docker = new DockerClientConfiguration().CreateClient();
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly int watcherPort = FreePort.Next();
    private readonly List<IAsyncDisposable> taps = [];

    public LoopEnvironment()
    {
        Registry = new RegistryServer
        {
            ExtraConfiguration = $"""
                notifications:
                  endpoints:
                    - name: registry-watcher
                      url: http://127.0.0.1:{watcherPort}/api/webhooks/distribution
                      headers:
                        Authorization: [Bearer {Secret}]
                      timeout: 2s
                      threshold: 5
                      backoff: 1s
                      ignore:
                        mediatypes: [application/octet-stream]
                        actions: [pull]
                """,
        };
    }

    public string EnvironmentName => $"faults-{run}";

    public RabbitMqNode Broker { get; } = new();

    public RegistryServer Registry { get; }

    public TempGitRepository Repository { get; private set; } = null!;

    public ServiceProcess Builder { get; private set; } = null!;

    public ServiceProcess Watcher { get; private set; } = null!;

    public ServiceProcess Deployer { get; private set; } = null!;

    public FaultLedger Ledger { get; } = new();

    public DurableTap Started { get; private set; } = null!;

    public DurableTap Pushed { get; private set; } = null!;

    public DurableTap BuildFailed { get; private set; } = null!;

    public DurableTap Announced { get; private set; } = null!;

    public DurableTap Deployed { get; private set; } = null!;

    public DurableTap RolledBack { get; private set; } = null!;

    public DurableTap DeploymentFailures { get; private set; } = null!;

    public DurableTap JobRuns { get; private set; } = null!;

    public DurableTap JobFailures { get; private set; } = null!;

    public string LogFolder => Path.Combine(AppContext.BaseDirectory, $"faults-{run}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LogFolder);
        await Broker.StartAsync();
        await Registry.StartAsync();
        Repository = await TempGitRepository.CreateAsync();
        Repository.CopyFromCheckout("images");
        // www/slow (seconds), when a scenario writes it, delays the server: a rollout that waits for health.
        Repository.WriteFile("images/status-api/Dockerfile", File.ReadAllText(Path.Combine(Repository.Path, "images/status-api/Dockerfile")).Replace(
            "CMD [\"platform-serve\", \"8080\", \"/srv/www\"]",
            "CMD [\"/bin/sh\", \"-c\", \"[ -f /srv/www/slow ] && sleep $(cat /srv/www/slow); exec platform-serve 8080 /srv/www\"]",
            StringComparison.Ordinal));
        Repository.WriteFile($"deploy/{EnvironmentName}.yaml", EnvironmentFile(job: null));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task<DurableTap> Tap<T>()
        {
            var tap = await DurableTap.StartAsync(Broker.ConnectionString, typeof(T), run, cts.Token);
            taps.Add(tap);
            return tap;
        }

        Started = await Tap<ImageBuildStarted>();
        Pushed = await Tap<ImagePushed>();
        BuildFailed = await Tap<ImageBuildFailed>();
        Announced = await Tap<ImageDigestChanged>();
        Deployed = await Tap<ServiceDeployed>();
        RolledBack = await Tap<DeploymentRolledBack>();
        DeploymentFailures = await Tap<DeploymentFailed>();
        JobRuns = await Tap<JobRunCompleted>();
        JobFailures = await Tap<JobRunFailed>();

        Deployer = Process("deployer", new()
        {
            ["Deployer__DataDirectory"] = data.Combine("deployer"),
            ["Deployer__Environment"] = EnvironmentName,
            ["Deployer__SpecRefreshInterval"] = "00:00:00.500",
            ["Deployer__HealthTimeout"] = "00:00:30",
        });
        Watcher = Process("registry-watcher", new()
        {
            ["RegistryWatcher__DataDirectory"] = data.Combine("registry-watcher"),
            ["RegistryWatcher__Webhooks__Secret"] = Secret,
            ["RegistryWatcher__Upstream__Ignore__0"] = "platform/root:busybox-${TARGETARCH}",
            ["RegistryWatcher__PollInterval"] = "00:00:05",
        }, watcherPort);
        Builder = Process("builder", new()
        {
            ["Builder__DataDirectory"] = data.Combine("builder"),
            ["Builder__PollInterval"] = "00:00:00.500",
            ["Builder__RetryFailedAfter"] = "00:00:02",
            ["Builder__BuildTimeout"] = "00:03:00",
            // One platform after the other, so that "building arm64" is a stage of its own.
            ["Builder__MaxParallelPlatforms"] = "1",
        });

        // The first commit: every image of the catalogue is built, and the service deployed.
        var first = await Repository.CommitAllAsync("the example images");
        await Deployer.StartAsync();
        await Watcher.StartAsync();
        await Builder.StartAsync();
        await WaitDeployedAsync(first, "the first deployment of the example images");
    }

    /// <summary>The environment file: the service, and the job only when a scenario schedules it.</summary>
    public string EnvironmentFile(string? job) =>
        $"""
        services:
          status-api:
            image: {Service}
            follow: latest
            health:
              http: /health
              timeout: 20s
        """ + (job is null ? "\n" : $"""

        jobs:
          etl-weather:
            image: {Job}
            follow: latest
            {job}
        """);

    /// <summary>
    /// Waits until the loop is at rest before a scenario starts: the builder has finished the cycle of the repository's
    /// HEAD with no build running, and the service's last pushed digest serves (or its rollout ended).
    /// </summary>
    public async Task SettleAsync()
    {
        var head = (await Repository.GitAsync("rev-parse", "HEAD")).Trim();
        await Eventually.WaitAsync(
            async _ =>
            {
                var commits = await GetAsync(Builder, "api/commits");
                var running = await GetAsync(Builder, "api/builds/running");
                return commits.TryGetProperty("lastCommit", out var last) && last.GetString() == head && running.GetArrayLength() == 0;
            },
            TimeSpan.FromMinutes(3),
            $"the builder to finish the cycle of {head[..7]}; logs in {LogFolder}");
        var lastPushed = Pushed.Messages.LastOrDefault(m => m.GetProperty("image").GetString() == Service);
        if (lastPushed.ValueKind == JsonValueKind.Object && lastPushed.GetProperty("digest").GetString() is { } digest)
        {
            await Eventually.WaitAsync(
                _ => Task.FromResult(Deployed.Where("digest", digest).Count + DeploymentFailures.Where("digest", digest).Count > 0),
                TimeSpan.FromMinutes(2),
                $"the rollout of {Service}@{digest} to end; logs in {LogFolder}");
        }
    }

    /// <summary>Where the version that serves now answers (the endpoint of its rollout).</summary>
    public async Task<string> ServingEndpointAsync()
    {
        await SettleAsync();
        var serving = (await ContainersAsync()).Single(c => c.Name.Contains("status-api", StringComparison.Ordinal) && c.State == "running");
        return Deployed.Where("digest", serving.Digest!).Last().GetProperty("endpoint").GetString()!;
    }

    /// <summary>Bytes that do not compress: a layer whose push takes long enough to be interrupted.</summary>
    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Changes the service's page (a new image of it at a new commit) and commits; returns the commit.</summary>
    public async Task<string> ChangeServiceAsync(string what)
    {
        await SettleAsync();
        Repository.WriteFile("images/status-api/www/index.html", $"<p>{what} {Guid.NewGuid():N}</p>\n");
        return await Repository.CommitAllAsync(what);
    }

    /// <summary>Waits until the service's image built at <paramref name="commit"/> serves in the environment; returns its digest.</summary>
    public async Task<string> WaitDeployedAsync(string commit, string what)
    {
        var digest = await WaitPushedAsync(commit, what);
        await Eventually.WaitAsync(
            _ => Task.FromResult(Deployed.Where("digest", digest).Count > 0),
            TimeSpan.FromMinutes(3),
            $"ServiceDeployed of {Service}@{digest} ({what}); logs in {LogFolder}");
        return digest;
    }

    public async Task<string> WaitPushedAsync(string commit, string what)
    {
        var pushed = await Eventually.WaitAsync(
            _ => Task.FromResult(Pushed.Where("commit", commit).FirstOrDefault(m => m.GetProperty("image").GetString() == Service)),
            m => m.ValueKind == JsonValueKind.Object,
            TimeSpan.FromMinutes(3),
            $"ImagePushed of {Service} at {commit[..7]} ({what}); logs in {LogFolder}");
        return pushed.GetProperty("digest").GetString()!;
    }

    /// <summary>The containers of the environment (running or not), by name, with their digest label.</summary>
    public async Task<IReadOnlyList<(string Name, string State, string? Digest)>> ContainersAsync()
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"dev.platform.environment={EnvironmentName}"] = true } },
        });
        return [.. containers.Select(c => (c.Names.First().TrimStart('/'), c.State, c.Labels.TryGetValue("dev.platform.digest", out var d) ? d : null))];
    }

    /// <summary>GET on one of the services' APIs, as JSON.</summary>
    public static async Task<JsonElement> GetAsync(ServiceProcess service, string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await service.Api.GetFromJsonAsync<JsonElement>(path, cts.Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in new[] { Builder, Watcher, Deployer })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        Ledger.WriteSummary(RepositoryRoot.Combine(".platform", "test-results", "faults-summary.txt"));
        foreach (var tap in taps)
        {
            await tap.DisposeAsync();
        }

        await RemoveContainersAsync();
        await Registry.DisposeAsync();
        await Broker.DisposeAsync();
        await RemoveLocalImagesAsync();
        Repository?.Dispose();
        docker.Dispose();
        data.Dispose();
    }

    private ServiceProcess Process(string name, Dictionary<string, string> settings, int? port = null)
    {
        settings["ConnectionStrings__messaging"] = Broker.ConnectionString;
        settings["ConnectionStrings__registry"] = Registry.BaseUri.ToString().TrimEnd('/');
        settings["Catalog__Repository"] = Repository.Path;
        settings["Catalog__BuildArgs__ROOT_IMAGE"] = "platform/root:busybox-${TARGETARCH}";
        return new ServiceProcess(name, port ?? FreePort.Next(), settings, Path.Combine(LogFolder, $"{name}.log"));
    }

    private async Task RemoveContainersAsync()
    {
        foreach (var (name, _, _) in await ContainersAsync())
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
    }

    /// <summary>Removes what the run tagged for its registry, by reference, never by image id.</summary>
    private async Task RemoveLocalImagesAsync()
    {
        var prefix = $"{Registry.Host}/";
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = true });
        foreach (var reference in images.SelectMany(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? [])).Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Distinct())
        {
            try
            {
                await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters());
            }
            catch (DockerApiException)
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LoopCollection : ICollectionFixture<LoopEnvironment>
{
    public const string Name = "The loop under faults";
}

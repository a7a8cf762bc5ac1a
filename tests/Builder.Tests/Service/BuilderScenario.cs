using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Contracts;
using Platform.Registry;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// One builder service at work: its own git repository of images, its own real registry, a data folder,
/// and taps on ImageBuildFailed and ImagePushed on the shared broker. Image names live in a namespace of
/// their own, so that local tags never collide with another run on the same engine. Disposing stops the
/// builder and the registry and removes the repository, the data and every local image the builder made.
/// </summary>
public sealed class BuilderScenario : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly BuilderInfrastructure infrastructure;
    private readonly TempDirectory data = new("builder-data");
    private readonly DockerClient docker = new DockerClientConfiguration().CreateClient();
    private readonly HttpClient registryHttp = new() { Timeout = TimeSpan.FromSeconds(10) };
    private MessageTap? failures;
    private MessageTap? pushes;
    private BuilderHost? host;
    private readonly List<(BuilderHost Host, TempDirectory Data)> workers = [];
    private HttpClient? api;

    private BuilderScenario(BuilderInfrastructure infrastructure, TempGitRepository repository)
    {
        this.infrastructure = infrastructure;
        Repository = repository;
        Namespace = $"bt{Guid.NewGuid():N}"[..10];
        LogPath = Path.Combine(AppContext.BaseDirectory, $"builder-{Namespace}.log");
    }

    public TempGitRepository Repository { get; }

    public RegistryServer Registry { get; private init; } = new();

    /// <summary>The first path component of every image name of this scenario.</summary>
    public string Namespace { get; }

    public string LogPath { get; }

    /// <summary>The started coordinator's HTTP API; it sends <see cref="ApiToken"/> on every request.</summary>
    public HttpClient Http => Api;

    /// <summary>
    /// The builders' Api:Token. The in-memory test server gives requests no remote address, which the API's rule counts as another
    /// machine: calls that change state need the token there, as they would from another pod.
    /// </summary>
    public string ApiToken { get; } = $"scenario-{Guid.NewGuid():N}";

    /// <summary>A client of the started coordinator that sends no token, as any caller that has none.</summary>
    public HttpClient CreateClientWithoutToken() => (host ?? throw new InvalidOperationException("Start the builder first.")).CreateClient();

    /// <summary>The started coordinator's services (its endpoints, its settings).</summary>
    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("Start the builder first.");

    /// <param name="registryConfiguration">Extra YAML for the scenario's registry, for example an auth section.</param>
    public static async Task<BuilderScenario> CreateAsync(BuilderInfrastructure infrastructure, string registryConfiguration = "")
    {
        var scenario = new BuilderScenario(infrastructure, await TempGitRepository.CreateAsync())
        {
            Registry = new RegistryServer { ExtraConfiguration = registryConfiguration },
        };
        try
        {
            await scenario.Registry.StartAsync();
            using var cts = new CancellationTokenSource(StepTimeout);
            var broker = infrastructure.Broker.ConnectionString;
            scenario.failures = await MessageTap.StartAsync(broker, typeof(ImageBuildFailed).FullName!, cts.Token);
            scenario.pushes = await MessageTap.StartAsync(broker, typeof(ImagePushed).FullName!, cts.Token);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    public string Image(string folder) => $"{Namespace}/{folder}";

    /// <summary>
    /// Writes <c>images/{folder}</c>: an image.yaml naming <see cref="Image"/> built for linux/amd64 only (the
    /// multi-platform tests say so themselves), the Dockerfile when given, and files.
    /// </summary>
    public void WriteImage(string folder, string? dockerfile, params (string Path, string Content)[] files) =>
        WriteImage(folder, dockerfile, "[linux/amd64]", files);

    public void WriteImage(string folder, string? dockerfile, string platforms, params (string Path, string Content)[] files)
    {
        Repository.WriteFile($"images/{folder}/image.yaml", $"name: {Image(folder)}\nplatforms: {platforms}\n");
        if (dockerfile is not null)
        {
            Repository.WriteFile($"images/{folder}/Dockerfile", dockerfile);
        }

        foreach (var (path, content) in files)
        {
            Repository.WriteFile($"images/{folder}/{path}", content);
        }
    }

    /// <summary>Starts the builder (the coordinator, which also builds); its first cycle runs at once for the repository's HEAD.</summary>
    /// <param name="port">Listen on this loopback port (Kestrel) instead of in memory, for callers outside the test process.</param>
    public async Task StartBuilderAsync(IReadOnlyDictionary<string, string>? overrides = null, int? port = null)
    {
        var settings = Settings("coordinator", data.Path, coordinator: true);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        host = new BuilderHost(settings, LogPath, port);
        api = host.CreateClient();
        api.Timeout = TimeSpan.FromSeconds(30);
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiToken);
        var health = await Eventually.WaitAsync(
            ct => api.GetAsync("/health", ct),
            response => response.IsSuccessStatusCode,
            StepTimeout,
            Failure("the builder to answer /health with 2xx"));
        health.Dispose();
    }

    /// <summary>Stops the builder as a deployment or a crash would, with whatever it was doing; StartBuilderAsync starts it again on the same data.</summary>
    public async Task StopBuilderAsync()
    {
        api?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }
    }

    /// <summary>Starts one more builder instance that only builds: it competes for the coordinator's build commands.</summary>
    public async Task StartWorkerAsync(string instance)
    {
        var folder = new TempDirectory("builder-" + instance);
        workers.Add((new BuilderHost(Settings(instance, folder.Path, coordinator: false), LogPath.Replace(".log", $"-{instance}.log", StringComparison.Ordinal)), folder));
        using var client = workers[^1].Host.CreateClient();
        var health = await Eventually.WaitAsync(
            ct => client.GetAsync("/health", ct),
            response => response.IsSuccessStatusCode,
            StepTimeout,
            Failure($"builder instance {instance} to answer /health with 2xx"));
        health.Dispose();
    }

    private Dictionary<string, string> Settings(string instance, string dataDirectory, bool coordinator) =>
        new()
        {
            ["Builder:InstanceName"] = instance,
            ["Api:Token"] = ApiToken,
            ["Builder:Coordinator"] = coordinator ? "true" : "false",
            ["ConnectionStrings:messaging"] = infrastructure.Broker.ConnectionString,
            ["ConnectionStrings:registry"] = Registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog:Repository"] = Repository.Path,
            ["Catalog:BuildArgs:ROOT_IMAGE"] = "platform/root:busybox-${TARGETARCH}",
            ["Builder:DataDirectory"] = dataDirectory,
            ["Builder:PollInterval"] = "00:00:00.500",
            ["Builder:RetryFailedAfter"] = "00:00:01",
            ["Builder:BuildTimeout"] = "00:01:00",
        };

    /// <summary>POST /api/commits/check, as a git hook would.</summary>
    public async Task CheckNowAsync()
    {
        using var response = await Api.PostAsync("/api/commits/check", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            Failure($"expected POST /api/commits/check to answer 202, it answered {(int)response.StatusCode}"));
    }

    /// <summary>GET /health: the overall status and each check's status and description.</summary>
    public async Task<JsonElement> HealthAsync()
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        using var response = await Api.GetAsync("/health", cts.Token);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token)).RootElement.Clone();
    }

    /// <summary>Waits for ImageBuildFailed of the image at the commit.</summary>
    public Task<JsonElement> WaitForFailureAsync(string image, string commit) =>
        WaitForMessageAsync(failures!, "ImageBuildFailed", image, commit);

    /// <summary>
    /// Waits for ImagePushed of the image at the commit, checks that it names this registry and both tags
    /// of the commit, and that the registry holds both at its digest; returns the digest.
    /// </summary>
    public async Task<string> WaitForPushAsync(string image, string commit, string? user = null, string? password = null)
    {
        var pushed = await WaitForMessageAsync(pushes!, "ImagePushed", image, commit);
        var digest = pushed.GetProperty("digest").GetString() ?? "";
        var registry = pushed.GetProperty("registry").GetString();
        var tags = pushed.GetProperty("tags").EnumerateArray().Select(t => t.GetString() ?? "").ToList();
        string[] expectedTags = ["latest", $"sha-{commit[..7]}"];
        // The commit's two tags come first; a VERSION file or the spec's tags may add more.
        Assert.True(registry == Registry.Host && tags.Take(2).SequenceEqual(expectedTags),
            Failure($"expected ImagePushed to name registry {Registry.Host} and tags {string.Join(", ", expectedTags)} first, saw {pushed}"));
        foreach (var tag in expectedTags)
        {
            var stored = await RegistryDigestAsync(image, tag, user, password);
            Assert.True(stored == digest, Failure($"expected {Registry.Host}/{image}:{tag} at {digest}, the registry has {stored ?? "no such tag"}"));
        }

        return digest;
    }

    public IReadOnlyList<JsonElement> FailuresOf(string image) => failures!.Where("image", image);

    public IReadOnlyList<JsonElement> PushesOf(string image) => pushes!.Where("image", image);

    /// <summary>Waits until GET /api/commits reports a finished cycle for the commit that satisfies <paramref name="done"/>.</summary>
    public Task<JsonElement> WaitForCycleAsync(string commit, Func<JsonElement, bool> done, string expected) =>
        Eventually.WaitAsync(
            ct => Api.GetFromJsonAsync<JsonElement>("/api/commits", ct),
            status => status.GetProperty("lastCommit").GetString() == commit && done(status),
            StepTimeout,
            Failure($"GET /api/commits to report a finished cycle for {commit[..7]} with {expected}"));

    /// <summary>GET /api/builds?image=: the newest first.</summary>
    public async Task<List<JsonElement>> BuildsAsync(string image)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        return await Api.GetFromJsonAsync<List<JsonElement>>($"/api/builds?image={Uri.EscapeDataString(image)}", cts.Token) ?? [];
    }

    /// <summary>GET /api/builds/{id}/log.</summary>
    public async Task<string> BuildLogAsync(long id)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        return await Api.GetStringAsync($"/api/builds/{id}/log", cts.Token);
    }

    /// <summary>Publishes a build command as the coordinator (or the broker's redelivery) would.</summary>
    public async Task PublishBuildAsync(BuildImage command)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        await MessagePublisher.PublishAsync(infrastructure.Broker.ConnectionString, command, cts.Token);
    }

    public async Task<string?> RegistryDigestAsync(string image, string tag, string? user = null, string? password = null)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        if (user is null)
        {
            return await new RegistryClient(registryHttp).GetDigestAsync(Registry.BaseUri, image, tag, cts.Token);
        }

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await new RegistryClient(http).GetDigestAsync(Registry.BaseUri, image, tag, cts.Token);
    }

    /// <summary>POST /api/builds/cancel for an image the coordinator instance builds.</summary>
    public async Task<System.Net.HttpStatusCode> CancelAsync(string image)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        using var response = await api!.PostAsync($"/api/builds/cancel?image={Uri.EscapeDataString(image)}", null, cts.Token);
        return response.StatusCode;
    }

    /// <summary>The images the coordinator instance builds right now.</summary>
    public async Task<IReadOnlyList<string>> RunningAsync()
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        return await api!.GetFromJsonAsync<List<string>>("/api/builds/running", cts.Token) ?? [];
    }

    /// <summary>The tags of the image's staging repository, where each platform is pushed before the index (none when nothing was pushed).</summary>
    public async Task<IReadOnlyList<string>> StagingTagsAsync(string image)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        try
        {
            return await new RegistryClient(registryHttp).ListTagsAsync(Registry.BaseUri, $"platform-staging/{image}", cts.Token);
        }
        catch (RegistryException e) when (e.StatusCode == 404)
        {
            return [];
        }
    }

    /// <summary>The manifest or index a tag points at, as JSON.</summary>
    public async Task<JsonElement> ManifestAsync(string image, string tag)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var manifest = await new RegistryClient(registryHttp).GetManifestAsync(Registry.BaseUri, image, tag, cts.Token)
            ?? throw new Xunit.Sdk.XunitException(Failure($"the registry has no {image}:{tag}"));
        return JsonDocument.Parse(manifest.Content).RootElement.Clone();
    }

    /// <summary>Local images the builder tagged for the image in this scenario's registry.</summary>
    public async Task<IReadOnlyList<string>> LocalTagsAsync(string image)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = true }, cts.Token);
        var prefix = $"{Registry.Host}/{image}:";
        return [.. images.SelectMany(i => i.RepoTags ?? []).Where(t => t.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>A failure message that points at the builder's log.</summary>
    public string Failure(string what) => $"{what} (builder log: {LogPath})";

    public async ValueTask DisposeAsync()
    {
        api?.Dispose();
        foreach (var (worker, folder) in workers)
        {
            await worker.DisposeAsync();
            folder.Dispose();
        }

        if (host is not null)
        {
            await host.DisposeAsync();
        }

        foreach (var tap in new[] { failures, pushes })
        {
            if (tap is not null)
            {
                await tap.DisposeAsync();
            }
        }

        await Registry.DisposeAsync();
        await RemoveLocalImagesAsync();
        docker.Dispose();
        registryHttp.Dispose();
        Repository.Dispose();
        data.Dispose();
    }

    private HttpClient Api => api ?? throw new InvalidOperationException("Start the builder first.");

    private async Task<JsonElement> WaitForMessageAsync(MessageTap tap, string type, string image, string commit)
    {
        bool Matches(JsonElement m) =>
            m.GetProperty("image").GetString() == image && m.GetProperty("commit").GetString() == commit;
        var seen = await Eventually.WaitAsync(
            _ => Task.FromResult(tap.Messages.ToList()),
            messages => messages.Any(Matches),
            StepTimeout,
            Failure($"{type} for {image} at {commit[..7]}"));
        return seen.First(Matches);
    }

    /// <summary>
    /// Removes this scenario's references (tags for its registry, names in its namespace, which is how
    /// catalogue bases are tagged) by reference, never by image id, so that no other tag of an image is lost.
    /// </summary>
    private async Task RemoveLocalImagesAsync()
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var prefixes = new[] { $"{Registry.Host}/", $"{Namespace}/" };
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = true }, cts.Token);
        var references = images
            .SelectMany(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? []))
            .Where(reference => prefixes.Any(p => reference.StartsWith(p, StringComparison.Ordinal)))
            .Distinct()
            .ToList();
        foreach (var reference in references)
        {
            try
            {
                await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters(), cts.Token);
            }
            catch (DockerImageNotFoundException)
            {
            }
        }
    }
}

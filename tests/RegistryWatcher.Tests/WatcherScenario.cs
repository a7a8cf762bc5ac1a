using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// One registry watcher at work: a real registry that notifies it (with the shared secret), a git repository
/// of images, a data folder, and a tap on ImageDigestChanged on the shared broker. Disposing stops the
/// watcher and the registry and removes the repository and the data.
/// </summary>
public sealed class WatcherScenario : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret-0123456789";
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly WatcherInfrastructure infrastructure;
    private readonly TempDirectory data = new("watcher-data");
    private readonly Dictionary<string, string> settings = new();
    private WatcherHost? host;

    private WatcherScenario(WatcherInfrastructure infrastructure, TempGitRepository repository, int watcherPort)
    {
        this.infrastructure = infrastructure;
        Repository = repository;
        WatcherPort = watcherPort;
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{watcherPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        Registry = new RegistryServer { ExtraConfiguration = NotificationsTo(watcherPort, Secret) };
        LogPath = Path.Combine(AppContext.BaseDirectory, $"watcher-{Guid.NewGuid():N}"[..16] + ".log");
    }

    public TempGitRepository Repository { get; }

    public RegistryServer Registry { get; }

    public int WatcherPort { get; }

    public string LogPath { get; }

    public MessageTap Announcements { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public OciPusher Pusher => new(Registry.BaseUri);

    /// <summary>A scenario with a repository of images (none unless <paramref name="images"/> writes some) and a running registry.</summary>
    public static async Task<WatcherScenario> CreateAsync(WatcherInfrastructure infrastructure, Action<TempGitRepository>? images = null)
    {
        var repository = await TempGitRepository.CreateAsync();
        var scenario = new WatcherScenario(infrastructure, repository, FreePort.Next());
        try
        {
            repository.WriteFile("README.md", "images for the watcher tests\n");
            images?.Invoke(repository);
            await repository.CommitAllAsync("images");
            await scenario.Registry.StartAsync();
            using var cts = new CancellationTokenSource(StepTimeout);
            scenario.Announcements = await MessageTap.StartAsync(infrastructure.Broker.ConnectionString, typeof(ImageDigestChanged).FullName!, cts.Token);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>The registry notification section that sends push events to a watcher, as the AppHost configures it.</summary>
    public static string NotificationsTo(int watcherPort, string secret, string query = "") => $$"""
        notifications:
          endpoints:
            - name: registry-watcher
              url: http://127.0.0.1:{{watcherPort}}/api/webhooks/distribution{{query}}
              headers:
                Authorization: [Bearer {{secret}}]
              timeout: 2s
              threshold: 3
              backoff: 500ms
              ignore:
                mediatypes: [application/octet-stream]
                actions: [pull]
        """;

    /// <summary>Starts (or starts again) the watcher with the scenario's settings and <paramref name="extra"/>; waits for /health.</summary>
    public async Task StartWatcherAsync(Dictionary<string, string>? extra = null)
    {
        if (host is not null)
        {
            throw new InvalidOperationException("the watcher is running");
        }

        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = infrastructure.Broker.ConnectionString,
            ["ConnectionStrings:registry"] = Registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog:Repository"] = Repository.Path,
            ["RegistryWatcher:DataDirectory"] = data.Path,
            ["RegistryWatcher:Webhooks:Secret"] = Secret,
            ["RegistryWatcher:BuilderHintGrace"] = "00:00:00",
            ["RegistryWatcher:PollInterval"] = "01:00:00",
            ["RegistryWatcher:UpstreamPollInterval"] = "01:00:00",
            ["RegistryClient:RequestTimeout"] = "00:00:02",
            ["RegistryClient:MaxRetryWait"] = "00:00:02",
        };
        foreach (var (key, value) in settings.Concat(extra ?? []))
        {
            all[key] = value;
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        host = new WatcherHost(WatcherPort, all, LogPath);
        host.StartServer();
        var health = await Eventually.WaitAsync(ct => Api.GetAsync("/health", ct), r => r.IsSuccessStatusCode, StepTimeout,
            Failure("the watcher to answer /health with 2xx"));
        health.Dispose();
    }

    public async Task StopWatcherAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }
    }

    /// <summary>Waits for an ImageDigestChanged with this digest; returns it.</summary>
    public async Task<JsonElement> WaitForAnnouncementAsync(string digest, TimeSpan? timeout = null)
    {
        var found = await Eventually.WaitAsync(
            _ => Task.FromResult(Announcements.Where("digest", digest)),
            list => list.Count > 0,
            timeout ?? StepTimeout,
            Failure($"ImageDigestChanged for {digest}; announced so far: [{string.Join(", ", Announcements.Messages)}]"),
            TimeSpan.FromMilliseconds(20));
        return found[0];
    }

    public async Task<List<JsonElement>> WatchesAsync() =>
        await Api.GetFromJsonAsync<List<JsonElement>>("/api/watches") ?? [];

    public async Task<JsonElement> WatchAsync(string image) =>
        (await WatchesAsync()).FirstOrDefault(w => w.GetProperty("image").GetString() == image) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException(Failure($"no watch of {image} in {string.Join(", ", await WatchesAsync())}"));

    /// <summary>POSTs a webhook body as a registry would; <paramref name="secret"/> null sends no Authorization header.</summary>
    public Task<HttpResponseMessage> PostWebhookAsync(string path, string body, string? secret = Secret, string contentType = "application/vnd.docker.distribution.events.v1+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return Api.SendAsync(request);
    }

    /// <summary>One CNCF distribution notification with one event.</summary>
    public static string Event(string id, string action, string repository, string? tag, string digest, string mediaType = OciPusher.OciManifest)
    {
        var tagProperty = tag is null ? "" : $",\"tag\":\"{tag}\"";
        return "{\"events\":[{\"id\":\"" + id + "\",\"timestamp\":\"" + DateTimeOffset.UtcNow.ToString("O") + "\",\"action\":\"" + action + "\"," +
            "\"target\":{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"repository\":\"" + repository + "\"" + tagProperty + "}," +
            "\"request\":{\"id\":\"r\",\"method\":\"PUT\"}}]}";
    }

    /// <summary>How an announcement was detected (MassTransit writes the enum as a number).</summary>
    public static DigestSource DetectedBy(JsonElement announcement) => announcement.GetProperty("detectedBy") is var value && value.ValueKind == JsonValueKind.Number
        ? (DigestSource)value.GetInt32()
        : Enum.Parse<DigestSource>(value.GetString()!);

    public string Failure(string what) => $"{what} (watcher log: {LogPath})";

    public async ValueTask DisposeAsync()
    {
        await StopWatcherAsync();
        if (Announcements is not null)
        {
            await Announcements.DisposeAsync();
        }

        await Registry.DisposeAsync();
        Api.Dispose();
        Repository.Dispose();
        data.Dispose();
    }
}

using System.Diagnostics;
using System.Text.Json;
using Platform.Testing;

namespace Platform.PlatformImages.Tests;

/// <summary>
/// Runs scripts/platform-images.sh once for every test of the collection, against a real registry on a free port and
/// with a tag of its own; the base images it makes stay cached in the engine (as the script caches them) for later runs.
/// <c>--reuse-build</c> publishes the solution's Debug build instead of compiling Release again (CI time).
/// </summary>
public sealed class PlatformImagesFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["builder", "registry-watcher", "deployer", "console"];
    public static readonly string[] Architectures = ["amd64", "arm64"];

    private readonly TempDirectory folder = new("platform-images");
    private readonly List<string> pulled = [];

    public RegistryServer Registry { get; } = new();

    public RabbitMqNode Broker { get; } = new();

    public string Tag { get; } = $"test-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The script's file: service name to its index reference (registry/platform/service@sha256:...).</summary>
    public IReadOnlyDictionary<string, string> Images { get; private set; } = new Dictionary<string, string>();

    public string ImagesFileText { get; private set; } = "";

    public string ScriptOutput { get; private set; } = "";

    public TimeSpan ScriptDuration { get; private set; }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Registry.StartAsync(), Broker.StartAsync());
        var output = Path.Combine(folder.Path, "platform-images.json");
        var watch = Stopwatch.StartNew();
        var (exitCode, text) = await ChildProcess.RunAsync(
            "bash",
            [RepositoryRoot.Combine("scripts", "platform-images.sh"), "--registry", Registry.Host, "--tag", Tag, "--output", output, "--reuse-build"],
            TimeSpan.FromMinutes(25));
        ScriptDuration = watch.Elapsed;
        ScriptOutput = text;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/platform-images.sh exited with {exitCode}: {text}");
        }

        ImagesFileText = await File.ReadAllTextAsync(output);
        using var document = JsonDocument.Parse(ImagesFileText);
        Images = document.RootElement.GetProperty("images").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    /// <summary>registry/platform/service@sha256:... of one platform's manifest, as the service's index names it.</summary>
    public async Task<string> PlatformReferenceAsync(string service, string architecture)
    {
        using var http = new HttpClient { BaseAddress = Registry.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/platform/{service}/manifests/{Images[service].Split('@')[1]}");
        request.Headers.Accept.Add(new("application/vnd.oci.image.index.v1+json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var digest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("platform").GetProperty("architecture").GetString() == architecture)
            .GetProperty("digest").GetString();
        var reference = $"{Registry.Host}/platform/{service}@{digest}";
        lock (pulled)
        {
            pulled.Add(reference);
        }

        return reference;
    }

    public async Task DisposeAsync()
    {
        // The service images of this run; the base images (platform/dotnet-runtime*) stay as the script's cache.
        foreach (var service in Services)
        {
            var local = Architectures.Select(a => $"platform/{service}:{Tag}-{a}");
            await DockerCli.TryAsync(TimeSpan.FromMinutes(1), ["rmi", "-f", .. local]);
        }

        foreach (var reference in pulled)
        {
            await DockerCli.TryAsync(TimeSpan.FromMinutes(1), "rmi", "-f", reference);
        }

        await Broker.DisposeAsync();
        await Registry.DisposeAsync();
        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformImagesCollection : ICollectionFixture<PlatformImagesFixture>
{
    public const string Name = "platform images";
}

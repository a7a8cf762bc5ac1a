namespace Platform.Testing;

/// <summary>A real CNCF distribution registry (Debian's docker-registry) on a free loopback port, in a temporary folder.</summary>
public sealed class RegistryServer : IAsyncDisposable
{
    // Made at the first start: a server that is created but never started leaves no folder behind.
    private readonly Lazy<TempDirectory> folder = new(() => new TempDirectory("registry"));
    private ChildProcess? process;

    public int Port { get; private set; }

    /// <summary>host:port, as image references write it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Host}/");

    /// <summary>Extra YAML appended to the configuration (for example a notifications section).</summary>
    public string ExtraConfiguration { get; init; } = "";

    /// <summary>
    /// Starts the registry on a free port; after <see cref="StopAsync"/> it starts again on the same port
    /// with the same storage, as a registry that was down and came back.
    /// </summary>
    public async Task StartAsync()
    {
        if (process is not null)
        {
            throw new InvalidOperationException($"The registry on {Host} is already running.");
        }

        if (Port == 0)
        {
            Port = FreePort.Next();
        }

        var config = Path.Combine(folder.Value.Path, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(folder.Value.Path, "storage")}
              delete:
                enabled: true
            http:
              addr: {Host}
            {ExtraConfiguration}
            """);
        process = ChildProcess.Start("docker-registry", ["serve", config]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(
            // A registry that wants credentials answers 401 when it is up.
            async ct => !process.HasExited && (await http.GetAsync(new Uri(BaseUri, "v2/"), ct)) is { IsSuccessStatusCode: true } or { StatusCode: System.Net.HttpStatusCode.Unauthorized },
            TimeSpan.FromSeconds(20),
            $"docker-registry to answer on {Host} (output: {process.Output})");
    }

    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (folder.IsValueCreated)
        {
            folder.Value.Dispose();
        }
    }
}

using Platform.Testing;

namespace Platform.Bench.Load;

/// <summary>
/// One of Platform's services as its own process: the build of services/&lt;project&gt; in the benchmark's
/// configuration (dotnet run builds it as a reference), on a free loopback port, with its settings as
/// environment variables; stopped by its PID. Its memory is sampled from outside.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private ServiceProcess(ChildProcess process, int port)
    {
        this.process = process;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr.</summary>
    public string Output => process.Output;

    /// <param name="project">The folder under services/ (Builder, Deployer, RegistryWatcher).</param>
    public static async Task<ServiceProcess> StartAsync(string project, IDictionary<string, string> settings, TimeSpan startTimeout)
    {
        var folder = BuildFolder(project);
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        environment.TryAdd("Logging__LogLevel__Default", "Warning");
        var process = ChildProcess.Start("dotnet", [Path.Combine(folder, $"Platform.{project}.dll")], environment, folder);
        var service = new ServiceProcess(process, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.WaitAsync(
                async ct => !process.HasExited && (await http.GetAsync(new Uri(service.BaseUri, "health"), ct)).IsSuccessStatusCode,
                startTimeout,
                $"{project} to answer /health on port {port} (output: {process.Output})");
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    private static string BuildFolder(string project)
    {
        // bench/bin/<configuration>/net10.0/
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var folder = RepositoryRoot.Combine("services", project, "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(folder, $"Platform.{project}.dll"))
            ? folder
            : throw new InvalidOperationException($"no build of services/{project} in {folder}");
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}

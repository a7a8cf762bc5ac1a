using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>The watcher's own Program on Kestrel at a free loopback port (so that a real registry can call its webhooks), logging to one file.</summary>
public sealed class WatcherHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly FileLoggerProvider logs;

    public WatcherHost(int port, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        Port = port;
        this.settings = settings;
        logs = new FileLoggerProvider(logPath);
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Settings rather than app configuration: Program reads its connection strings before it builds.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(logs));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        logs.Dispose();
    }
}

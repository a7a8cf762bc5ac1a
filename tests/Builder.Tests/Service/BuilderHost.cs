using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// The builder's own Program hosted in-process with the given settings; everything it logs goes to one file.
/// With a <paramref name="port"/> it listens on 127.0.0.1 with Kestrel, so that other processes (curl in a git hook) reach it.
/// </summary>
public sealed class BuilderHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly FileLoggerProvider logs;

    public BuilderHost(IReadOnlyDictionary<string, string> settings, string logPath, int? port = null)
    {
        this.settings = settings;
        logs = new FileLoggerProvider(logPath);
        if (port is { } listen)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, listen));
        }
    }

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

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>The builder's own Program hosted in-process with the given settings; everything it logs goes to one file.</summary>
public sealed class BuilderHost(IReadOnlyDictionary<string, string> settings, string logPath) : WebApplicationFactory<Program>
{
    private readonly FileLoggerProvider logs = new(logPath);

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

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Access;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Access;

/// <summary>
/// A real Kestrel server with the services' API rule and forwarded headers on as Aspire's manifest turns them on
/// (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true). It listens on 127.0.0.1 and, as the one allowed exception to "bind to 127.0.0.1",
/// on this machine's own non-loopback address (<see cref="MachineAddress"/>), so that a request to that address is a real
/// request from outside loopback. Its endpoints: calls that change state in the API group, a read that echoes what the
/// server saw, and a webhook outside the group.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly WebApplication app;

    private ApiServer(WebApplication app, RecordingLoggerProvider logs)
    {
        this.app = app;
        Logs = logs;
        Local = new Uri(app.Urls.Single(u => new Uri(u).Host == "127.0.0.1"));
        Remote = new Uri(app.Urls.Single(u => new Uri(u).Host != "127.0.0.1"));
    }

    /// <summary>The address on loopback.</summary>
    public Uri Local { get; }

    /// <summary>The address on this machine's non-loopback interface: requests to it come from outside loopback.</summary>
    public Uri Remote { get; }

    public RecordingLoggerProvider Logs { get; }

    public static async Task<ApiServer> StartAsync(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        // What ASPNETCORE_FORWARDEDHEADERS_ENABLED=true sets: the forwarded-headers middleware, trusting every sender.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["FORWARDEDHEADERS_ENABLED"] = "true" });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(MachineAddress.NonLoopback(), 0);
        });
        builder.AddApiAccess();
        var app = builder.Build();
        var api = app.MapApi();
        api.MapPost("/api/things/touch", () => Results.Accepted(value: new { message = "touched" }));
        api.MapPost("/api/things/run", (string job) => Results.Accepted(value: new { message = $"ran {job}" }));
        api.MapDelete("/api/things/{id}", (int id) => Results.NoContent());
        api.Map("/api/things/any", () => Results.Ok(new { message = "any method" }));
        api.MapGet("/api/things/seen", (HttpContext http) => Results.Ok(new
        {
            remote = http.Connection.RemoteIpAddress?.ToString(),
            authorization = http.Request.Headers.Authorization.Count > 0,
        }));
        app.MapPost("/api/webhooks/things", () => Results.Ok(new { message = "a webhook checks its own signature" }));
        using var cts = new CancellationTokenSource(Timeout);
        await app.StartAsync(cts.Token);
        return new ApiServer(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}

/// <summary>Keeps every line every logger of the server writes.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly RecordingLogger<ApiServer> logger = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => logger.Lines;

    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Testing;

/// <summary>
/// A fake registry on a free loopback port whose answers a test scripts: it plays what a real registry
/// here cannot be made to do (401 challenges, 429 with Retry-After, 500s, garbage, wrong content types,
/// slow answers). Every request it sees is recorded.
/// </summary>
public sealed class ScriptedRegistry : IAsyncDisposable
{
    private readonly WebApplication app;

    private ScriptedRegistry(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Host}/");

    /// <summary>"METHOD path?query Authorization-scheme" of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The answer to each request; the default answers 404.</summary>
    public Func<HttpContext, Task> Answer { get; set; } = context =>
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    };

    public int InFlight;
    public int MaxInFlight;

    public static async Task<ScriptedRegistry> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var registry = new ScriptedRegistry(app, port);
        app.Run(async context =>
        {
            var auth = context.Request.Headers.Authorization.ToString();
            registry.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {auth.Split(' ')[0]}".TrimEnd());
            var now = Interlocked.Increment(ref registry.InFlight);
            InterlockedMax(ref registry.MaxInFlight, now);
            try
            {
                await registry.Answer(context);
            }
            finally
            {
                Interlocked.Decrement(ref registry.InFlight);
            }
        });
        await app.StartAsync();
        return registry;
    }

    public int Count(string prefix) => Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.Bench.ConsolePages;

/// <summary>
/// The registry watcher's and the deployer's answers for a catalogue of this size, written here (named so: recorded, not
/// the services): the watcher would have to poll 2,000 tags on a registry and the deployer run the environment's
/// containers for their answers to be this large. Their shapes are the services' JSON as the console reads it.
/// </summary>
public sealed class RecordedServices : IAsyncDisposable
{
    private readonly WebApplication app;

    private RecordedServices(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<RecordedServices> StartAsync(IReadOnlyList<string> images, DateTimeOffset now)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var watches = Watches(images, now);
        var services = Services(images);
        var jobs = Jobs(images);
        var environment = new
        {
            commit = "0123456789abcdef0123456789abcdef01234567",
            file = "deploy/beta.yaml",
            services = services.Select(s => new { name = s, follows = Follows(s), replicas = 1, port = 8080, hostPort = (int?)null, health = "/health" }),
            jobs = jobs.Select(j => new { name = j, follows = Follows(j), schedule = "*/15 * * * *", concurrency = "forbid" }),
            problems = Array.Empty<string>(),
        };
        var deployments = Enumerable.Range(0, 500).Select(i => new
        {
            id = 10_000 - i,
            service = services[i % services.Count],
            digest = Digest(i),
            commit = Commit(i / services.Count),
            correlationId = Guid.NewGuid(),
            outcome = i % 25 == 7 ? "Failed" : "Succeeded",
            containerId = $"c{i:x8}",
            endpoint = "http://127.0.0.1:41000/",
            error = i % 25 == 7 ? "the health check at /health answered 503 for 30 s" : null,
            at = now.AddMinutes(-10 * i),
            image = services[i % services.Count],
            previousDigest = Digest(i + services.Count),
            logTail = i % 25 == 7 ? new[] { "starting", "cannot reach the database" } : null,
        }).ToList();
        var runs = Enumerable.Range(0, 200).Select(i => new
        {
            id = 5_000 - i,
            runId = Guid.NewGuid(),
            job = jobs[i % jobs.Count],
            image = jobs[i % jobs.Count],
            digest = Digest(i),
            outcome = i % 10 == 3 ? "Failed" : "Succeeded",
            exitCode = i % 10 == 3 ? 1 : 0,
            scheduledAt = now.AddMinutes(-15 * (i / jobs.Count)),
            startedAt = now.AddMinutes(-15 * (i / jobs.Count)),
            duration = TimeSpan.FromSeconds(12 + i % 30),
            error = i % 10 == 3 ? "exit code 1" : null,
            logTail = new[] { "reading the weather of 40 stations", "wrote 40 rows" },
        }).ToList();
        var jobList = jobs.Select(j => new { name = j, image = j, schedule = "*/15 * * * *", concurrency = "Forbid", timeout = (TimeSpan?)null, nextRunAt = now.AddMinutes(15), running = Array.Empty<object>() });
        app.MapGet("/api/watches", () => TypedResults.Json(watches));
        app.MapGet("/api/environment", () => TypedResults.Json(environment));
        app.MapGet("/api/deployments", (int? limit) => TypedResults.Json(deployments.Take(limit ?? 50)));
        app.MapGet("/api/jobs", () => TypedResults.Json(jobList));
        app.MapGet("/api/jobs/runs", (int? limit) => TypedResults.Json(runs.Take(limit ?? 50)));
        await app.StartAsync();
        return new RecordedServices(app, new Uri($"http://127.0.0.1:{port}"));
    }

    private static List<object> Watches(IReadOnlyList<string> images, DateTimeOffset now) =>
    [
        .. images.Select((image, i) => (object)new
        {
            registry = "127.0.0.1:5000",
            image,
            watch = "latest",
            policy = "Tag",
            origin = "Catalogue",
            usedBy = Array.Empty<string>(),
            tag = "latest",
            announcedDigest = Digest(i),
            lastChangedAt = now.AddHours(-i % 48),
            lastCheckedAt = now.AddSeconds(-i % 60),
            nextCheckAt = now.AddSeconds(60 - i % 60),
            lastError = (string?)null,
        }),
        .. Enumerable.Range(0, 20).Select(i => (object)new
        {
            registry = "registry-1.docker.io",
            image = $"library/python-{i}",
            watch = "3.12-slim",
            policy = "Tag",
            origin = "Upstream",
            usedBy = new[] { $"bench/base-{i:00}" },
            tag = "3.12-slim",
            announcedDigest = Digest(10_000 + i),
            lastChangedAt = now.AddDays(-3),
            lastCheckedAt = now.AddMinutes(-1),
            nextCheckAt = now.AddMinutes(4),
            lastError = (string?)null,
        }),
    ];

    /// <summary>The environment's services and jobs: one image in 40 each.</summary>
    public static List<string> Services(IReadOnlyList<string> images) => [.. images.Where((_, i) => i % 40 == 0)];

    public static List<string> Jobs(IReadOnlyList<string> images) => [.. images.Where((_, i) => i % 40 == 1)];

    private static object Follows(string image) => new { repository = image, registry = (string?)null, policy = "tag", value = "latest" };

    public static string Digest(int i) => $"sha256:{i:x8}{new string('a', 56)}";

    public static string Commit(int i) => $"{i:x8}{new string('c', 32)}";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

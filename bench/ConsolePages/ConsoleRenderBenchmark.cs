using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Load;
using Platform.Bench.Plan;
using Platform.Bench.Results;
using Platform.Builder.History;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Bench.ConsolePages;

/// <summary>
/// The console's pages over a catalogue of 2,020 images and a builder history of 10,000 builds: the time from the request to
/// the last byte of each page's first render (the server-rendered HTML with the services' answers in it), against the time
/// the same answers take straight from the services.
/// </summary>
public static class ConsoleRenderBenchmark
{
    public const string Name = "console-render";
    private const int Builds = 10_000;
    private const int BuildsPerCommit = 50;
    private const int Rounds = 10;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(300);

    /// <summary>Each page and the services' answers it reads (with the console's default history of 500 builds).</summary>
    /// <summary>Each page, what its HTML must hold (else the bench timed an error), and the services' answers it reads (with the console's default history of 500 builds).</summary>
    private static readonly (string Page, string Holds, string[] Answers)[] Pages =
    [
        ("/", "data-commit=", ["builder:/api/builds?limit=500", "builder:/api/commits"]),
        ("/images", "data-kind=\"Etl\"", ["builder:/api/catalog", "builder:/api/builds?limit=500", "watcher:/api/watches"]),
        ("/images?show=5000", "data-image=\"bench/app-099-19\"", ["builder:/api/catalog", "builder:/api/builds?limit=500", "watcher:/api/watches"]),
        ("/watches", "data-watch=", ["watcher:/api/watches"]),
        ("/environment", "data-run=", ["deployer:/api/environment", "deployer:/api/deployments?limit=500", "deployer:/api/jobs", "deployer:/api/jobs/runs?limit=200"]),
        ("/images/graph.svg", "data-kind=\"Base\"", ["builder:/api/catalog"]),
    ];

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        using var data = new TempDirectory("console-bench");
        using var repository = Monorepo.Create(filesPerImage: 5);
        var commit = repository.Head();
        await using var broker = new RabbitMqNode();
        await broker.StartAsync();
        await using var builder = await BuilderApiHost.StartAsync(repository.Path, data.Path, commit);
        var images = await CatalogueNamesAsync(builder.BaseUri);
        var seeding = Stopwatch.StartNew();
        await SeedHistoryAsync(builder.History, images, commit);
        output.WriteLine($"{images.Count} images, {Builds} builds recorded in {seeding.Elapsed.TotalSeconds:0.0} s");
        await using var recorded = await RecordedServices.StartAsync(images, DateTimeOffset.UtcNow);
        await using var console = await ServiceProcess.StartAsync("Console", new Dictionary<string, string>
        {
            ["ConnectionStrings__messaging"] = broker.ConnectionString,
            ["services__builder__http__0"] = builder.BaseUri.ToString(),
            ["services__registry-watcher__http__0"] = recorded.BaseUri.ToString(),
            ["services__deployer__http__0"] = recorded.BaseUri.ToString(),
            ["Console__Password"] = $"bench-{Guid.NewGuid():N}",
        }, TimeSpan.FromMinutes(2));

        using var http = new HttpClient { BaseAddress = console.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var rows = new List<BenchmarkRow>();
        var details = new List<string>();
        var slowest = (Page: "", Console: 0.0, Answers: 0.0);
        foreach (var (page, holds, answers) in Pages)
        {
            var (cold, size) = await TimeAsync(() => GetAsync(http, page));
            var html = await http.GetStringAsync(page);
            if (!html.Contains(holds, StringComparison.Ordinal) || html.Contains("class=\"unavailable\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the console's {page} does not show what the services answered (no {holds}, or a service unavailable): {html[..Math.Min(3000, html.Length)]}");
            }

            var pageTimes = new List<double>();
            var answerTimes = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                // Past the console's half-second cache: every render asks the services again, as a first visit does.
                await Task.Delay(600);
                pageTimes.Add((await TimeAsync(() => GetAsync(http, page))).Milliseconds);
                answerTimes.Add((await TimeAsync(() => AnswersAsync(answers, builder.BaseUri, recorded.BaseUri))).Milliseconds);
            }

            var (median, p95, direct) = (Stats.Percentile(pageTimes, 0.5), Stats.Percentile(pageTimes, 0.95), Stats.Percentile(answerTimes, 0.5));
            output.WriteLine($"{page,-20} median {median,6:0.0} ms  p95 {p95,6:0.0} ms  cold {cold,7:0.0} ms  {size / 1024,5} KiB  answers {direct,6:0.0} ms");
            rows.Add(new BenchmarkRow($"{page}: median ms (p95; first request after start)", $"{median:0.0} ({p95:0.0}; {cold:0})", $"{direct:0.0}"));
            rows.Add(new BenchmarkRow($"{page}: page size", $"{size / 1024} KiB", ""));
            if (median > slowest.Console)
            {
                slowest = (page, median, direct);
            }
        }

        details.Add($"A generated catalogue of {images.Count:N0} images (20 bases, 100 groups of 20 ETL images, bench/Plan/Monorepo) in a real git repository; " +
            $"the builder's real history (SQLite) with {Builds:N0} builds over {Builds / BuildsPerCommit} commits, both platforms' digests each, one in 40 failed.");
        details.Add("The builder's read side is the builder's own code in-process (GET /api/builds, /api/catalog, /api/commits); the watcher's 2,040 watches and the deployer's " +
            $"environment ({RecordedServices.Services(images).Count} services, {RecordedServices.Jobs(images).Count} jobs, 500 rollouts, 200 job runs) are recorded answers of the services' shapes, served by the bench (the real services would need 2,000 polled tags and running containers).");
        details.Add($"The console is its Release build as its own process on a real RabbitMQ node; each page fetched {Rounds} times over HTTP from loopback, 600 ms apart (past its 500 ms cache), without a sign-in (reading is open on loopback); " +
            "timed to the last byte of the server-rendered HTML, which holds the services' answers (the first render a browser paints).");
        details.Add("Baseline: the same answers the page reads, fetched straight from the services at the same time (in parallel, as the page does): the console's own cost is the difference.");
        details.Add("/images lists the first 200 images of the catalogue as cards (a filter by name, \"show all\"); its problems, counts and the graph cover every image. " +
            "/images?show=5000 is the page with every card, measured too.");
        details.Add($"Measured on this shared 2-core machine while other work ran (load average {LoadAverage()} at the end of the run).");
        details.Add($"The slowest page is {slowest.Page}; the goal holds when every page's median is under {Budget.TotalMilliseconds:0} ms.");
        return new BenchmarkResult(
            "Console pages: first render with 2,020 images and 10,000 builds",
            "median ms of the slowest page",
            Math.Round(slowest.Console, 1),
            Math.Round(slowest.Answers, 1),
            "the services' answers the page reads, fetched directly",
            "every page under 300 ms",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows = rows,
            Details = details,
        };
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<List<string>> CatalogueNamesAsync(Uri builder)
    {
        using var http = new HttpClient { BaseAddress = builder, Timeout = TimeSpan.FromMinutes(2) };
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/catalog"));
        return [.. json.RootElement.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }

    private static async Task SeedHistoryAsync(BuildHistory history, IReadOnlyList<string> images, string commit)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        for (var i = 0; i < Builds; i++)
        {
            var round = i / BuildsPerCommit;
            var at = start.AddMinutes(round * 144 + i % BuildsPerCommit);
            var failed = i % 40 == 39;
            var image = images[i % images.Count];
            await history.RecordAsync(new BuildRecord(
                image,
                round == Builds / BuildsPerCommit - 1 ? commit : RecordedServices.Commit(round),
                Guid.NewGuid(),
                failed ? BuildOutcome.Failed : BuildOutcome.Succeeded,
                $"changed: {image.Replace("bench/", "images/", StringComparison.Ordinal)}/src/module_00.py",
                failed ? null : RecordedServices.Digest(i),
                failed ? "build" : null,
                failed ? "The command '/bin/sh -c python -m compileall /app' returned a non-zero code: 1" : null,
                at,
                at.AddSeconds(20 + i % 40))
            {
                AttemptId = Guid.NewGuid(),
                Attempt = 1,
                BuiltBy = "bench",
                Platforms = failed ? [] : [new PlatformImage("linux/amd64", RecordedServices.Digest(i + 1)), new PlatformImage("linux/arm64", RecordedServices.Digest(i + 2))],
            }, CancellationToken.None);
        }
    }

    private static async Task<int> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? body.Length : throw new InvalidOperationException($"the console answered {path} with {(int)response.StatusCode}");
    }

    private static async Task<int> AnswersAsync(string[] answers, Uri builder, Uri recorded)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var sizes = await Task.WhenAll(answers.Select(async answer =>
        {
            var (service, path) = (answer[..answer.IndexOf(':')], answer[(answer.IndexOf(':') + 1)..]);
            var bytes = await http.GetByteArrayAsync(new Uri(service == "builder" ? builder : recorded, path));
            return bytes.Length;
        }));
        return sizes.Sum();
    }

    private static async Task<(double Milliseconds, int Size)> TimeAsync(Func<Task<int>> run)
    {
        var watch = Stopwatch.StartNew();
        var size = await run();
        return (watch.Elapsed.TotalMilliseconds, size);
    }
}

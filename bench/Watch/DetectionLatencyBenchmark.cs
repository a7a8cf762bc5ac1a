using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Results;
using Platform.Testing;

namespace Platform.Bench.Watch;

/// <summary>
/// Detection latency: from <c>docker push</c> returning to <c>ImageDigestChanged</c> arriving on the broker,
/// by the registry's webhook and by polling at the default interval, each over 50 pushes of new digests.
/// The watcher is its own Program in a child process; registry, broker and engine are real.
/// </summary>
public static class DetectionLatencyBenchmark
{
    public const string Name = "detection-latency";
    private const int Pushes = 50;
    private const string Secret = "bench-webhook-secret-0123456789abcdef";
    private const string PollInterval = "00:00:05";

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var broker = new RabbitMqNode();
        await broker.StartAsync();
        var watcherPort = FreePort.Next();
        await using var registry = new RegistryServer { ExtraConfiguration = Notifications(watcherPort) };
        await registry.StartAsync();
        using var repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("README.md", "no images: the watches are configured\n");
        await repository.CommitAllAsync("empty catalogue");
        using var data = new TempDirectory("bench-latency");
        await using var tap = await MessageTap.StartAsync(broker.ConnectionString, "Platform.Contracts.ImageDigestChanged", CancellationToken.None);
        using var images = new BenchImages(registry.Host);

        var building = Stopwatch.StartNew();
        await images.BuildAsync(2 * Pushes + 2);
        output.WriteLine($"built {2 * Pushes + 2} images in {building.Elapsed.TotalSeconds:F0} s");

        // The first push after the watcher starts runs its webhook path for the first time (JIT, the first registry and
        // broker calls): measured, reported apart, and not counted in the percentiles of a watcher that runs for days.
        List<double> webhook, polling;
        double webhookFirst, pollingFirst;
        await using (var watcher = await StartWatcherAsync(broker, registry, repository.Path, data.Combine("webhook"), watcherPort, "bench/webhook", Secret, "01:00:00"))
        {
            webhookFirst = (await MeasureAsync(images, tap, "bench/webhook", 2 * Pushes, 1, TimeSpan.Zero, output)).DefaultIfEmpty(double.NaN).First();
            webhook = await MeasureAsync(images, tap, "bench/webhook", 0, Pushes, TimeSpan.Zero, output);
        }

        // No secret: the watcher refuses the registry's notifications, so only its poll can see a push.
        await using (var watcher = await StartWatcherAsync(broker, registry, repository.Path, data.Combine("polling"), watcherPort, "bench/polled", "", PollInterval))
        {
            var interval = TimeSpan.Parse(PollInterval, CultureInfo.InvariantCulture);
            pollingFirst = (await MeasureAsync(images, tap, "bench/polled", 2 * Pushes + 1, 1, interval, output)).DefaultIfEmpty(double.NaN).First();
            polling = await MeasureAsync(images, tap, "bench/polled", Pushes, Pushes, interval, output);
        }

        return new BenchmarkResult(
            "Detection latency: docker push returned to ImageDigestChanged on the broker",
            "p99 ms (50 pushes each)",
            Percentile(webhook, 0.99),
            Percentile(polling, 0.99),
            $"polling every {TimeSpan.Parse(PollInterval, CultureInfo.InvariantCulture).TotalSeconds:0} s (the default; HEAD per tag)",
            "webhook p99 under 1 s",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows =
            [
                new("p50 ms", Format(Percentile(webhook, 0.5)), Format(Percentile(polling, 0.5))),
                new("p90 ms", Format(Percentile(webhook, 0.9)), Format(Percentile(polling, 0.9))),
                new("min / max ms", $"{Format(webhook.Min())} / {Format(webhook.Max())}", $"{Format(polling.Min())} / {Format(polling.Max())}"),
                new("pushes detected", $"{webhook.Count} of {Pushes}", $"{polling.Count} of {Pushes}"),
                new("first push after the watcher started (not counted above) ms", Format(webhookFirst), Format(pollingFirst)),
            ],
            Details =
            [
                $"{Pushes} pushes per column, each a new image (a LABEL apart, layers already in the registry) pushed with `docker push` to one tag of a configured watch, after one push that is measured apart: the first after the watcher's start.",
                "Latency: from the docker CLI exiting after the push to the ImageDigestChanged message arriving at a queue bound to its exchange (the broker hop included). A negative value would mean the announcement beat the CLI's exit.",
                "Platform column: docker-registry's notification to /api/webhooks/distribution (shared secret), polling set to an hour. Baseline column: the same watcher without the secret, so only its poll sees the push; each push waits a random 0 to 5 s first, so that pushes do not fall in step with the poll.",
                "Catalogue tags (images the builder pushes) wait up to RegistryWatcher:BuilderHintGrace (5 s) for the builder's hint before a webhook or poll announces them, so that the announcement keeps the build's commit and trace; the hint usually comes within a fraction of a second. This run measures a configured watch, which does not wait.",
                "The watcher runs as its own process (the Release build of services/RegistryWatcher) with RabbitMQ and docker-registry from Debian's packages, all on loopback.",
            ],
        };
    }

    /// <param name="jitter">A random pause of up to this before each push, so that pushes do not fall in step with the poll's ticks.</param>
    private static async Task<List<double>> MeasureAsync(BenchImages images, MessageTap tap, string repository, int first, int count, TimeSpan jitter, TextWriter output)
    {
        var latencies = new List<double>();
        var random = new Random(first);
        for (var i = first; i < first + count; i++)
        {
            await Task.Delay(jitter * random.NextDouble());
            var digest = await images.PushAsync(i, repository);
            var returned = Stopwatch.GetTimestamp();
            var deadline = Stopwatch.StartNew();
            long arrived;
            while (!tap.ArrivedAt.Any(m => m.Key.Contains(digest, StringComparison.Ordinal)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(2);
            }

            arrived = tap.ArrivedAt.FirstOrDefault(m => m.Key.Contains(digest, StringComparison.Ordinal)).Value;
            if (arrived == 0)
            {
                output.WriteLine($"  push {i}: {digest} not announced within 30 s");
                continue;
            }

            // Negative when the announcement arrived before the docker CLI had exited.
            latencies.Add(Stopwatch.GetElapsedTime(returned, arrived).TotalMilliseconds);
        }

        output.WriteLine($"{repository}: p50 {Percentile(latencies, 0.5):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms over {latencies.Count} pushes");
        return latencies;
    }

    private static async Task<ChildProcess> StartWatcherAsync(
        RabbitMqNode broker, RegistryServer registry, string repository, string data, int port, string image, string secret, string pollInterval)
    {
        var folder = WatcherBuildFolder();
        var process = ChildProcess.Start("dotnet", [Path.Combine(folder, "Platform.RegistryWatcher.dll")], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__messaging"] = broker.ConnectionString,
            ["ConnectionStrings__registry"] = registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog__Repository"] = repository,
            ["RegistryWatcher__DataDirectory"] = data,
            ["RegistryWatcher__Webhooks__Secret"] = secret,
            ["RegistryWatcher__PollInterval"] = pollInterval,
            ["RegistryWatcher__Watches__0__Image"] = image,
            ["Logging__LogLevel__Default"] = "Warning",
        }, folder);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(
            async ct => !process.HasExited && (await http.GetAsync($"http://127.0.0.1:{port}/health", ct)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60),
            $"the registry watcher to answer on port {port} (output: {process.Output})");
        return process;
    }

    /// <summary>services/RegistryWatcher's build output in this benchmark's configuration (dotnet run builds it as a reference).</summary>
    private static string WatcherBuildFolder()
    {
        // bench/bin/<configuration>/net10.0/
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var folder = Path.Combine(FindRoot(), "services", "RegistryWatcher", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(folder, "Platform.RegistryWatcher.dll"))
            ? folder
            : throw new InvalidOperationException($"no build of the registry watcher in {folder}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the Platform checkout");
    }

    private static string Notifications(int watcherPort) => $$"""
        notifications:
          endpoints:
            - name: registry-watcher
              url: http://127.0.0.1:{{watcherPort}}/api/webhooks/distribution
              headers:
                Authorization: [Bearer {{Secret}}]
              timeout: 2s
              threshold: 3
              backoff: 1s
              ignore:
                mediatypes: [application/octet-stream]
                actions: [pull]
        """;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

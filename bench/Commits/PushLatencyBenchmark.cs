using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Results;
using Platform.Testing;

namespace Platform.Bench.Commits;

/// <summary>
/// Push latency: from <c>git push</c> returning to <c>ImageBuildStarted</c> on the broker, for a builder that follows a
/// bare repository (the remote), by GitHub's push webhook (sent as soon as the push returned), by the remote's
/// post-receive hook (the plain webhook, with curl), and by polling alone. The builder is its own Program in a
/// child process; git, broker, registry and engine are real.
/// </summary>
public static class PushLatencyBenchmark
{
    public const string Name = "push-latency";
    private const int Pushes = 30;

    /// <summary>The default for a remote is 1 minute; 30 pushes at that would take half an hour, so polling is measured at 10 s and scaled.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RemoteDefault = TimeSpan.FromMinutes(1);

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var broker = new RabbitMqNode();
        await broker.StartAsync();
        await using var registry = new RegistryServer();
        await registry.StartAsync();
        using var bench = await PushBench.CreateAsync();
        using var data = new TempDirectory("bench-push");
        await using var tap = await MessageTap.StartAsync(broker.ConnectionString, "Platform.Contracts.ImageBuildStarted", CancellationToken.None);
        var port = FreePort.Next();
        var loads = new List<double> { PushBench.LoadNow() };
        var loadBefore = PushBench.Load();

        List<double> github, hook, polling;
        await using (var builder = await bench.StartBuilderAsync(broker, registry, data.Path, port, "01:00:00", webhooks: true))
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await PushBench.WaitForCycleAsync(api, (await bench.Work.GitAsync("rev-parse", "HEAD")).Trim());
            github = await MeasureAsync("GitHub webhook", bench, tap, api, TimeSpan.Zero, output, async commit =>
            {
                using var request = PushBench.GitHubPush(commit);
                using var response = await api.SendAsync(request);
                if ((int)response.StatusCode != 202)
                {
                    throw new InvalidOperationException($"the GitHub webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            });
            loads.Add(PushBench.LoadNow());

            await bench.InstallHookAsync(port);
            hook = await MeasureAsync("post-receive hook", bench, tap, api, TimeSpan.Zero, output, _ => Task.CompletedTask);
            bench.RemoveHook();
            loads.Add(PushBench.LoadNow());
        }

        await using (var builder = await bench.StartBuilderAsync(broker, registry, data.Path, port, PollInterval.ToString("c", CultureInfo.InvariantCulture), webhooks: false))
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await PushBench.WaitForCycleAsync(api, (await bench.Work.GitAsync("rev-parse", "HEAD")).Trim());
            polling = await MeasureAsync($"polling every {PollInterval.TotalSeconds:0} s", bench, tap, api, PollInterval, output, _ => Task.CompletedTask);
            loads.Add(PushBench.LoadNow());
        }

        await RemoveLocalImagesAsync(registry.Host);
        var loadAfter = PushBench.Load();

        // Polling's latency is the wait for the next tick plus the work that follows it (the webhook's latency):
        // the wait scales with the interval, the work does not.
        var work = Percentile(github, 0.5);
        var scaled = polling.Select(l => Math.Max(0, l - work) / PollInterval.TotalMilliseconds * RemoteDefault.TotalMilliseconds + work).ToList();
        var busy = loads.Max() > Environment.ProcessorCount * 0.75;
        return new BenchmarkResult(
            "Push latency: git push returned to ImageBuildStarted on the broker",
            $"p99 ms ({Pushes} pushes each)",
            Percentile(github, 0.99),
            Percentile(polling, 0.99),
            $"polling every {PollInterval.TotalSeconds:0} s (no webhook)",
            "webhook p99 under 1 s",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows =
            [
                new("p50 ms", Format(Percentile(github, 0.5)), Format(Percentile(polling, 0.5))),
                new("p90 ms", Format(Percentile(github, 0.9)), Format(Percentile(polling, 0.9))),
                new("min / max ms", $"{Format(github.Min())} / {Format(github.Max())}", $"{Format(polling.Min())} / {Format(polling.Max())}"),
                new("post-receive hook (plain webhook, curl) p50 / p99 ms", $"{Format(Percentile(hook, 0.5))} / {Format(Percentile(hook, 0.99))}", "-"),
                new($"polling at the remote default ({RemoteDefault.TotalMinutes:0} min), scaled: p50 / p99 ms", "-",
                    $"{Format(Percentile(scaled, 0.5))} / {Format(Percentile(scaled, 0.99))}"),
                new("pushes measured", $"{github.Count} + {hook.Count} of {Pushes} + {Pushes}", $"{polling.Count} of {Pushes}"),
                new("machine", busy ? "busy" : "quiet", $"{loadBefore} before, {loadAfter} after"),
            ],
            Details =
            [
                $"{Pushes} pushes per column: each commits a change to the one image of a repository and pushes it with `git push` to a bare repository on disk, the remote the builder follows (`Catalog:Repository`). The next push waits until the builder's cycle for the last one has ended.",
                "Latency: from `git push` returning to ImageBuildStarted (the builder instance took the build command and starts building) arriving at a queue bound to its exchange; the look at the repository, the plan, the BuildImage command and two broker hops are included.",
                "Platform column: the builder polls once an hour; right after `git push` returns the benchmark sends GitHub's push event, signed with X-Hub-Signature-256, to /api/webhooks/github (GitHub's own delivery delay is not included). The post-receive row: the bare repository's hook sends git's ref lines with curl to /api/webhooks/git; the hook runs inside `git push`, so the build can start before the push returns (a negative latency).",
                $"Baseline column: the same builder without webhooks polling every {PollInterval.TotalSeconds:0} s; each push waits a random 0 to {PollInterval.TotalSeconds:0} s first, so that pushes do not fall in step with the poll. The default for a remote is {RemoteDefault.TotalMinutes:0} minute, which would take half an hour per column: the scaled row multiplies each poll's wait (its latency less the webhook's p50, the work after the look) by {RemoteDefault.TotalSeconds / PollInterval.TotalSeconds:0} and adds the work back.",
                $"The builder runs as its own process (the Release build of services/Builder), with RabbitMQ and docker-registry from Debian's packages and the Docker engine, all on loopback. The machine was {(busy ? "busy" : "quiet")}: {loadBefore} before the run, {loadAfter} after (1-, 5- and 15-minute load averages).",
            ],
        };
    }

    /// <param name="notify">What the provider does once <c>git push</c> has returned.</param>
    /// <param name="jitter">A random pause of up to this before each push, so that pushes do not fall in step with a poll.</param>
    private static async Task<List<double>> MeasureAsync(
        string name, PushBench bench, MessageTap tap, HttpClient api, TimeSpan jitter, TextWriter output, Func<string, Task> notify)
    {
        var latencies = new List<double>();
        var random = new Random(name.Length);
        for (var i = 0; i < Pushes; i++)
        {
            await Task.Delay(jitter * random.NextDouble());
            var (commit, returned) = await bench.PushChangeAsync();
            await notify(commit);
            var arrived = await StartedAsync(tap, commit, TimeSpan.FromSeconds(jitter.TotalSeconds + 60));
            if (arrived is null)
            {
                output.WriteLine($"  {name}, push {i}: no build of {commit[..7]} started within {jitter.TotalSeconds + 60:0} s");
                continue;
            }

            latencies.Add(Stopwatch.GetElapsedTime(returned, arrived.Value).TotalMilliseconds);
            await PushBench.WaitForCycleAsync(api, commit);
        }

        output.WriteLine($"{name}: p50 {Percentile(latencies, 0.5):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms over {latencies.Count} pushes ({PushBench.Load()})");
        return latencies;
    }

    private static async Task<long?> StartedAsync(MessageTap tap, string commit, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            foreach (var (message, at) in tap.ArrivedAt)
            {
                if (message.Contains(commit, StringComparison.Ordinal))
                {
                    return at;
                }
            }

            await Task.Delay(2);
        }

        return null;
    }

    /// <summary>The local tags the builder made for the benchmark's registry (its port is this run's own).</summary>
    private static async Task RemoveLocalImagesAsync(string registryHost)
    {
        var (_, listing) = await ChildProcess.RunAsync("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}"], TimeSpan.FromSeconds(30));
        var references = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(r => r.StartsWith(registryHost + "/", StringComparison.Ordinal)).ToList();
        if (references.Count > 0)
        {
            await ChildProcess.RunAsync("docker", ["rmi", .. references], TimeSpan.FromSeconds(60));
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Bench.Loop;

/// <summary>
/// One commit through Platform: the commit in the followed repository (its hook, when installed, tells the builder),
/// then each stage's time from where it happened: the builder's own log for the commit seen, the plan and the engine's
/// build; the events' own times for the build started, pushed, announced and deployed; and the end when
/// ServiceDeployed reached the bench's queue on the broker.
/// </summary>
public static class PlatformLoop
{
    public const string Commit = "git commit";
    public const string Seen = "commit seen";
    public const string Planned = "planned";
    public const string BuildStarted = "build started";
    public const string Built = "built";
    public const string Pushed = "pushed";
    public const string Announced = "announced";
    public const string Healthy = "new container healthy";
    public const string Retired = "old container removed";
    public const string Reported = "ServiceDeployed at the bench";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<LoopTiming> RunAsync(LoopBench bench, int round, TextWriter output)
    {
        var page = $"platform {round} {bench.Environment}";
        bench.PlatformRepository.WriteFile(LoopImage.Page, page + "\n");
        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp();
        await bench.PlatformRepository.GitAsync("commit", "-qam", page);
        var committed = start + Stopwatch.GetElapsedTime(clock);
        var commit = (await bench.PlatformRepository.GitAsync("rev-parse", "HEAD")).Trim();

        var pushed = await WaitAsync(bench, bench.Pushed, "commit", commit, $"ImagePushed for {commit[..7]}");
        var digest = pushed.GetProperty("digest").GetString()!;
        var deployed = await WaitAsync(bench, bench.Deployed, "digest", digest, $"ServiceDeployed of {digest[..19]}");
        var reported = start + Stopwatch.GetElapsedTime(clock, bench.Deployed.ArrivedAt[deployed.ToString()]);
        var started = bench.Started.Where("commit", commit).FirstOrDefault();
        var announced = bench.Announced.Where("digest", digest).FirstOrDefault();

        var log = bench.Builder.Output;
        var short7 = commit[..7];
        var timing = LoopTiming.FromMarks(start,
        [
            (Seen, BuilderLog.First(log, start, m => m.Contains("webhook: push", StringComparison.Ordinal) || m.Contains($"is at {short7}", StringComparison.Ordinal))),
            (Planned, BuilderLog.First(log, start, m => m.Contains("image(s) to build", StringComparison.Ordinal) && m.Contains(short7, StringComparison.Ordinal))),
            (BuildStarted, At(started, "startedAt")),
            (Built, BuilderLog.First(log, start, m => m.Contains("Successfully built", StringComparison.Ordinal))),
            (Pushed, At(pushed, "pushedAt")),
            (Announced, At(announced, "detectedAt")),
            // The deployer logs "Retiring ..." once the new container answered its health path and took the service's name.
            (Healthy, BuilderLog.First(bench.Deployer.Output, start, m => m.StartsWith("Retiring ", StringComparison.Ordinal))),
            (Retired, At(deployed, "deployedAt")),
            (Reported, reported),
        ]) with { CommitReturned = (committed - start).TotalMilliseconds };
        await CheckServesAsync(deployed.GetProperty("endpoint").GetString()!, page);
        output.WriteLine($"platform round {round}: {timing.Total:F0} ms (commit returned after {timing.CommitReturned:F0}; {string.Join(", ", timing.Stages.Select(s => $"{s.Stage} {s.Ms:F0}"))})");
        return timing;
    }

    private static DateTimeOffset? At(JsonElement message, string property) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty(property, out var at) ? at.GetDateTimeOffset() : null;

    private static async Task<JsonElement> WaitAsync(LoopBench bench, MessageTap tap, string property, string value, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Timeout)
        {
            if (tap.Where(property, value) is [var first, ..])
            {
                return first;
            }

            if (!bench.Failed.Messages.IsEmpty || bench.Builder.HasExited || bench.Watcher.HasExited || bench.Deployer.HasExited)
            {
                break;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"no {what} within {Timeout}; deployment failures: {string.Join("; ", bench.Failed.Messages)}\n" +
            $"builder: {Tail(bench.Builder.Output)}\nwatcher: {Tail(bench.Watcher.Output)}\ndeployer: {Tail(bench.Deployer.Output)}");
    }

    /// <summary>The new container serves this commit's page: the digest deployed is the one just built.</summary>
    private static async Task CheckServesAsync(string endpoint, string page)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await http.GetStringAsync(endpoint.TrimEnd('/') + "/");
        if (body.Trim() != page)
        {
            throw new InvalidOperationException($"{endpoint} serves '{body.Trim()}', not '{page}'");
        }
    }

    private static string Tail(string output) => output.Length > 3000 ? output[^3000..] : output;
}

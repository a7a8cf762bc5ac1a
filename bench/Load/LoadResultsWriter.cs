using System.Text;
using System.Text.Json;

namespace Platform.Bench.Load;

/// <summary>
/// Writes a load run's result to bench/results/&lt;run&gt;.json and rewrites the "## Load" section of
/// docs/reliability.md from every load result there, leaving the rest of that file as it is.
/// </summary>
public static class LoadResultsWriter
{
    public const string Prefix = "load-";
    private const string Heading = "## Load";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(string repositoryRoot, LoadResult result)
    {
        var folder = Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, result.Run + ".json"), JsonSerializer.Serialize(result, Json) + "\n");

        var results = Directory.GetFiles(folder, Prefix + "*.json").Order(StringComparer.Ordinal)
            .Select(file => JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(file))!)
            .ToList();
        var document = Path.Combine(repositoryRoot, "docs", "reliability.md");
        var text = File.Exists(document) ? File.ReadAllText(document) : "";
        File.WriteAllText(document, Replace(text, Section(results)));
    }

    /// <summary>The text with its "## Load" section (up to the next "## " heading) replaced, or the section added at the end.</summary>
    public static string Replace(string text, string section)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == Heading);
        if (start < 0)
        {
            var before = text.TrimEnd('\n');
            return (before.Length == 0 ? "" : before + "\n\n") + section;
        }

        var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var after = end < 0 ? "" : "\n" + string.Join('\n', lines.Skip(end));
        var rest = string.Join('\n', lines.Take(start)).TrimEnd('\n');
        return (rest.Length == 0 ? "" : rest + "\n\n") + section + after;
    }

    private static string Section(IReadOnlyList<LoadResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine("Written by `bash bench/run.sh load` (or one of `load-commit`, `load-deploy`, `load-webhooks`) from");
        text.AppendLine("`bench/results/load-*.json`; do not edit this section by hand. Each run drives the real services (their own");
        text.AppendLine("processes, the Release builds) with a real registry, RabbitMQ node and Docker engine, all on loopback, and");
        text.AppendLine("checks that nothing is lost or doubled; the checks must hold on any machine. The figures are wall times and");
        text.AppendLine("memory of one run on a shared development machine (2 cores, other developers' builds and tests running at");
        text.AppendLine("the same time): read them as orders of magnitude, not as a benchmark. Memory is sampled from outside the");
        text.AppendLine("service's process: the working set from `/proc/<pid>/status` (VmRSS every 100 ms, VmHWM for the peak) and");
        text.AppendLine("the managed heap from the runtime's `gc-heap-size` counter over EventPipe (as `dotnet-counters` reads it);");
        text.AppendLine("\"live\" is that counter right after the runtime was asked for a full collection (as `dotnet-gcdump` asks).");
        text.AppendLine();
        text.AppendLine("What the runs found in the registry watcher, fixed with regression tests (`tests/RegistryWatcher.Tests`):");
        text.AppendLine();
        text.AppendLine("- Two copies of one notification delivered at once (a registry that times out and retries while the");
        text.AppendLine("  first is still handled) were both handled: two sightings, where the second must be a duplicate. The");
        text.AppendLine("  announcer still announced once, but only by luck of its per-watch lock. Now an event id is claimed");
        text.AppendLine("  before it is handled; a copy waits for the first and is a duplicate, or handles it if the first failed");
        text.AppendLine("  (`RecentEventsTests`, `WebhookTests.Copies_of_one_delivery_sent_at_once_...`).");
        text.AppendLine("- A notification whose `events` held a number, a string or `null` answered 500. The bad-input work fixed");
        text.AppendLine("  the same at the same time (400 with the field named, `WebhookBadBodyTests`); the run's malformed");
        text.AppendLine("  bodies now all answer 400.");
        text.AppendLine("- Nothing bounded the webhook requests handled at once: a sender with more connections than the client");
        text.AppendLine("  here would have grown the watcher's work and memory without end. Chosen: a concurrency limit with a");
        text.AppendLine("  bounded queue (64 handled, 256 waiting, oldest first); beyond that `503` with `Retry-After: 1`, at");
        text.AppendLine("  once and before the body is read, which registries answer by sending the notification again");
        text.AppendLine("  (`WebhookAdmissionTests`). 503 rather than 429: the watcher is over capacity, the sender did nothing");
        text.AppendLine("  wrong. At 1,000 requests per second from 32 connections nothing is refused.");
        text.AppendLine("- Every push event read the followed revision with a `git rev-parse` process of its own: in the burst");
        text.AppendLine("  the git processes took 4 to 5 s of CPU in 10 s, about as much as the watcher itself. Now the revision is");
        text.AppendLine("  read at most once a second, one reading shared by all who ask meanwhile (`WatchListTests`); the CPU");
        text.AppendLine("  figure below shows what is left.");
        text.AppendLine();
        text.AppendLine("The builder and deployer runs found no defect: every build key was built, pushed and leased once, and");
        text.AppendLine("every rollout ended healthy once with nothing left behind.");
        foreach (var result in results)
        {
            text.AppendLine();
            text.AppendLine($"### {result.Title}");
            text.AppendLine();
            text.AppendLine($"`{result.Run}`, run {result.Date}: **{(result.Passed ? "every check passed" : "FAILED: " + string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => c.What)))}**.");
            text.AppendLine();
            text.AppendLine("| measure | value |");
            text.AppendLine("| --- | ---: |");
            foreach (var figure in result.Figures)
            {
                text.AppendLine($"| {figure.Measure} | {figure.Value} |");
            }

            text.AppendLine();
            text.AppendLine("| check | expected | seen | |");
            text.AppendLine("| --- | --- | --- | --- |");
            foreach (var check in result.Checks)
            {
                text.AppendLine($"| {check.What} | {check.Expected} | {check.Seen} | {(check.Passed ? "ok" : "**failed**")} |");
            }

            if (result.Details.Count > 0)
            {
                text.AppendLine();
                foreach (var line in result.Details)
                {
                    text.AppendLine($"- {line}");
                }
            }
        }

        return text.ToString();
    }
}

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
        return string.Join('\n', lines.Take(start)) + section + after;
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
        text.AppendLine("the managed heap from the runtime's `gc-heap-size` counter over EventPipe (as `dotnet-counters` reads it).");
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

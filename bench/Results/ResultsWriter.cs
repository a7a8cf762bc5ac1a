using System.Text;
using System.Text.Json;

namespace Platform.Bench.Results;

/// <summary>Writes a result to bench/results/&lt;name&gt;.json and rewrites docs/benchmarks.md from every result there.</summary>
public static class ResultsWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(string repositoryRoot, string name, BenchmarkResult result)
    {
        var folder = Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(result, Json) + "\n");

        var document = new StringBuilder();
        document.AppendLine("# Benchmarks");
        document.AppendLine();
        document.AppendLine("Written by `bash bench/run.sh` from `bench/results/*.json`; every benchmark compares Platform with a baseline");
        document.AppendLine("measured in the same run on the same machine. Do not edit by hand.");
        // The load runs (load-*.json) have a section of their own in docs/reliability.md (Platform.Bench.Load.LoadResultsWriter).
        foreach (var file in Directory.GetFiles(folder, "*.json").Where(f => !Path.GetFileName(f).StartsWith("load-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var each = JsonSerializer.Deserialize<BenchmarkResult>(File.ReadAllText(file))!;
            document.AppendLine();
            document.AppendLine($"## {each.Benchmark}");
            document.AppendLine();
            document.AppendLine($"Run {each.Date}. Goal: {each.Goal}.");
            document.AppendLine();
            document.AppendLine($"| measure | Platform | {each.BaselineName} |");
            document.AppendLine("| --- | ---: | ---: |");
            document.AppendLine($"| **{each.Unit}** | **{each.Platform:0.###}** | **{each.Baseline:0.###}** |");
            foreach (var row in each.Rows)
            {
                document.AppendLine($"| {row.Measure} | {row.Platform} | {row.Baseline} |");
            }

            if (each.Details.Count > 0)
            {
                document.AppendLine();
                foreach (var line in each.Details)
                {
                    document.AppendLine($"- {line}");
                }
            }
        }

        File.WriteAllText(Path.Combine(repositoryRoot, "docs", "benchmarks.md"), document.ToString());
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Bench.Results;

/// <summary>
/// Writes a result to bench/results/&lt;name&gt;.json (quiet run) or &lt;name&gt;.busy.json (busy run) and rewrites
/// docs/benchmarks.md from every result there; a run of one mode leaves the other mode's file as it was.
/// </summary>
public static class ResultsWriter
{
    public const string BusySuffix = ".busy";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void Write(string repositoryRoot, string name, BenchmarkResult result, bool busy)
    {
        var folder = Folder(repositoryRoot);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + (busy ? BusySuffix : "") + ".json"), JsonSerializer.Serialize(result, Json) + "\n");
        File.WriteAllText(Path.Combine(repositoryRoot, "docs", "benchmarks.md"), BenchmarksDocument.Render(ReadAll(folder)));
    }

    /// <summary>Every benchmark's quiet and busy result (either may be missing), by name; the load runs (load-*.json) are docs/reliability.md's.</summary>
    public static IReadOnlyList<(string Name, BenchmarkResult? Quiet, BenchmarkResult? Busy)> ReadAll(string folder)
    {
        var files = Directory.GetFiles(folder, "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(n => !n.StartsWith("load-", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        return [.. files.Select(n => n.EndsWith(BusySuffix, StringComparison.Ordinal) ? n[..^BusySuffix.Length] : n)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(n => (n, Read(folder, n), Read(folder, n + BusySuffix)))];
    }

    private static BenchmarkResult? Read(string folder, string file)
    {
        var path = Path.Combine(folder, file + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<BenchmarkResult>(File.ReadAllText(path)) : null;
    }

    private static string Folder(string repositoryRoot) => Path.Combine(repositoryRoot, "bench", "results");
}

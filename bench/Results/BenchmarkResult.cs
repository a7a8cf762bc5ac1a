using System.Text.Json.Serialization;

namespace Platform.Bench.Results;

/// <summary>One benchmark's latest result, as bench/results/&lt;name&gt;.json keeps it.</summary>
public sealed record BenchmarkResult(
    [property: JsonPropertyName("benchmark")] string Benchmark,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("platform")] double Platform,
    [property: JsonPropertyName("baseline")] double Baseline,
    [property: JsonPropertyName("baseline_name")] string BaselineName,
    [property: JsonPropertyName("goal")] string Goal,
    [property: JsonPropertyName("date")] string Date)
{
    /// <summary>How the run was made and what else it measured, for docs/benchmarks.md.</summary>
    [JsonPropertyName("details")]
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Extra rows of the table: label, Platform, baseline.</summary>
    [JsonPropertyName("rows")]
    public IReadOnlyList<BenchmarkRow> Rows { get; init; } = [];
}

public sealed record BenchmarkRow(
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("baseline")] string Baseline);

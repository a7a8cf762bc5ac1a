using System.Text.Json.Serialization;

namespace Platform.Bench.Results;

/// <summary>
/// One benchmark's latest result, as bench/results/&lt;name&gt;.json (quiet run) or &lt;name&gt;.busy.json (busy run) keeps it.
/// </summary>
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

    /// <summary>Extra rows of the table: label, Platform, baseline (and the peer, when the benchmark has one).</summary>
    [JsonPropertyName("rows")]
    public IReadOnlyList<BenchmarkRow> Rows { get; init; } = [];

    /// <summary>A second comparison measured in the same run (the loop's scripted peer), when the benchmark has one.</summary>
    [JsonPropertyName("peer_name")]
    public string? PeerName { get; init; }

    [JsonPropertyName("peer")]
    public double? Peer { get; init; }

    /// <summary>The machine and the load it ran under; absent from results written before busy runs existed.</summary>
    [JsonPropertyName("run")]
    public RunConditions? Run { get; init; }
}

public sealed record BenchmarkRow(
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("baseline")] string Baseline)
{
    [JsonPropertyName("peer")]
    public string? Peer { get; init; }
}

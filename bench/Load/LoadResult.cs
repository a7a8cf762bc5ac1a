using System.Text.Json.Serialization;

namespace Platform.Bench.Load;

/// <summary>One load run's latest result, as bench/results/load-&lt;name&gt;.json keeps it and docs/reliability.md shows it.</summary>
public sealed record LoadResult(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("date")] string Date)
{
    /// <summary>What was measured: label and value.</summary>
    [JsonPropertyName("figures")]
    public IReadOnlyList<LoadFigure> Figures { get; init; } = [];

    /// <summary>What must hold whatever the machine's speed.</summary>
    [JsonPropertyName("checks")]
    public IReadOnlyList<LoadCheck> Checks { get; init; } = [];

    /// <summary>How the run was made.</summary>
    [JsonPropertyName("details")]
    public IReadOnlyList<string> Details { get; init; } = [];

    [JsonIgnore]
    public bool Passed => Checks.All(c => c.Passed);
}

public sealed record LoadFigure(
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("value")] string Value);

public sealed record LoadCheck(
    [property: JsonPropertyName("check")] string What,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("seen")] string Seen,
    [property: JsonPropertyName("passed")] bool Passed);

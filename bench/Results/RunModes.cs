namespace Platform.Bench.Results;

/// <summary>Which runs a benchmark gets (quiet, busy, or quiet then busy), and the goals the busy runs are held to.</summary>
public static class RunModes
{
    /// <summary>The modes to run, in order (false: quiet, true: busy): from <c>--quiet</c>/<c>--busy</c>/<c>--both</c>, else BENCH_LOAD, else both.</summary>
    public static IReadOnlyList<bool> Parse(IEnumerable<string> args, string? environment)
    {
        var flags = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a[2..]).ToList();
        if (flags.Count > 1)
        {
            throw new ArgumentException($"give one of --quiet, --busy, --both (got --{string.Join(", --", flags)})");
        }

        return (flags.FirstOrDefault() ?? environment ?? "both") switch
        {
            "quiet" => [false],
            "busy" => [true],
            "both" or "" => [false, true],
            var other => throw new ArgumentException($"unknown mode '{other}': quiet, busy or both"),
        };
    }

    /// <summary>The goal a benchmark's busy run is held to, where it differs from the quiet one (issue 14).</summary>
    public static string? BusyGoal(string name) => name switch
    {
        "build-overhead" => "busy: ratio at most 1.10 (build and push at most 1.10x the docker CLI)",
        "build-plan" => "busy: p95 under 100 ms",
        "cli-startup" => "busy: platform plan median under 150 ms",
        "detection-latency" => "busy: webhook p99 under 250 ms",
        _ => null,
    };
}

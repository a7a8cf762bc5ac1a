namespace Platform.Bench.Loop;

/// <summary>
/// The limit and the peer, one commit each, timed from the start of their <c>git commit</c> in the scripted repository
/// (the same service) by the marks their scripts print. The peer's poll wait is not waited: it is added afterwards
/// (see <see cref="LoopReport"/>), so <see cref="PeerWork"/> holds what the peer did.
/// </summary>
public static class ScriptedLoops
{
    public const string PathFilter = "path filter";
    public const string PollWait = "poll wait (modelled)";
    public const string Deploy = "pull, run, healthy";

    public static async Task<LoopTiming> LimitAsync(LoopBench bench, int round, string? old, TextWriter output)
    {
        var page = $"limit {round} {bench.Environment}";
        bench.ScriptedRepository.WriteFile(LoopImage.Page, page + "\n");
        var start = DateTimeOffset.UtcNow;
        var marks = await ScriptedPaths.LimitAsync(bench.ScriptedRepository.Path, page, $"{bench.Registry.Host}/bench/loop-limit:r{round}",
            LimitName(bench, round), old ?? "", bench.ScriptedLabel);
        var timing = LoopTiming.FromMarks(start,
        [
            (PlatformLoop.Commit, marks.GetValueOrDefault("committed")),
            (PlatformLoop.Built, marks.GetValueOrDefault("built")),
            (PlatformLoop.Pushed, marks.GetValueOrDefault("pushed")),
            (PlatformLoop.Healthy, marks.GetValueOrDefault("healthy")),
            (PlatformLoop.Retired, marks.GetValueOrDefault("done")),
        ]);
        output.WriteLine($"limit round {round}: {timing.Total:F0} ms");
        return timing;
    }

    public static string LimitName(LoopBench bench, int round) => $"{bench.Environment}-limit-{round}";

    public static string PeerName(LoopBench bench, int round) => $"{bench.Environment}-peer-{round}";

    /// <summary>The peer's work for one commit: commit, path filter, build, push, then pull, run, health (the wait for its poll in between is not spent here).</summary>
    public static async Task<PeerWork> PeerAsync(LoopBench bench, int round, string? old, TextWriter output)
    {
        var page = $"peer {round} {bench.Environment}";
        bench.ScriptedRepository.WriteFile(LoopImage.Page, page + "\n");
        var reference = $"{bench.Registry.Host}/bench/loop-peer:latest";
        var start = DateTimeOffset.UtcNow;
        var build = await ScriptedPaths.PeerBuildAsync(bench.ScriptedRepository.Path, page, reference);
        var ci = LoopTiming.FromMarks(start,
        [
            (PlatformLoop.Commit, build.GetValueOrDefault("committed")),
            (PathFilter, build.GetValueOrDefault("filtered")),
            (PlatformLoop.Built, build.GetValueOrDefault("built")),
            (PlatformLoop.Pushed, build.GetValueOrDefault("pushed")),
        ]);
        var deploy = await ScriptedPaths.PeerDeployAsync(reference, PeerName(bench, round), old ?? "", bench.ScriptedLabel);
        var healthy = (deploy["healthy"] - deploy["start"]).TotalMilliseconds;
        var retired = (deploy["done"] - deploy["healthy"]).TotalMilliseconds;
        output.WriteLine($"peer round {round}: {ci.Total + healthy + retired:F0} ms of work (without its poll wait)");
        return new PeerWork(ci, healthy, retired);
    }
}

/// <summary>What the peer did for one commit: its CI half (commit to pushed) and its deploy (pull to healthy, then the old container removed), in ms.</summary>
public sealed record PeerWork(LoopTiming Ci, double Deploy, double Retire)
{
    /// <summary>The loop with the wait for the updater's poll added between the push and the deploy.</summary>
    public LoopTiming WithWait(double waitMs) =>
        new([.. Ci.Stages, (ScriptedLoops.PollWait, waitMs), (ScriptedLoops.Deploy, Deploy), (PlatformLoop.Retired, Retire)], Ci.Total + waitMs + Deploy + Retire);
}

using Platform.Bench.Results;

namespace Platform.Bench.Loop;

/// <summary>
/// The loop a user feels: from <c>git commit</c> in the repository the builder follows (a post-commit hook tells the
/// builder's plain webhook) to the service's new container healthy with the new digest, through the real builder,
/// registry watcher and deployer processes; next to it, in the same run, the physical limit and a scripted peer
/// (<see cref="ScriptedLoops"/>), and then the same loop without the hook (the builder's poll).
/// </summary>
public static class LoopBenchmark
{
    public const string Name = "loop";
    public const int Warmup = 2;
    public const int Rounds = 20;
    public const int PollRounds = 8;

    /// <summary>The builder's default poll interval for a folder of this machine (BuilderOptions.PollInterval).</summary>
    public static readonly TimeSpan BuilderPoll = TimeSpan.FromSeconds(5);

    /// <summary>Keel's default poll of a registry.</summary>
    public static readonly TimeSpan PeerPoll = TimeSpan.FromMinutes(1);

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var bench = await LoopBench.StartAsync(output);
        await FirstDeploymentAsync(bench, output);
        await bench.InstallHookAsync();

        var platform = new List<LoopTiming>();
        var limit = new List<LoopTiming>();
        var peer = new List<PeerWork>();
        string? limitOld = null;
        string? peerOld = null;
        for (var round = 0; round < Warmup + Rounds; round++)
        {
            var counted = round >= Warmup;
            // Each side goes first in turn, so that none always follows the same one.
            for (var turn = 0; turn < 3; turn++)
            {
                switch ((round + turn) % 3)
                {
                    case 0:
                        var p = await PlatformLoop.RunAsync(bench, round, output);
                        if (counted)
                        {
                            platform.Add(p);
                        }

                        break;
                    case 1:
                        var l = await ScriptedLoops.LimitAsync(bench, round, limitOld, output);
                        limitOld = ScriptedLoops.LimitName(bench, round);
                        if (counted)
                        {
                            limit.Add(l);
                        }

                        break;
                    default:
                        var w = await ScriptedLoops.PeerAsync(bench, round, peerOld, output);
                        peerOld = ScriptedLoops.PeerName(bench, round);
                        if (counted)
                        {
                            peer.Add(w);
                        }

                        break;
                }
            }
        }

        // Without the hook the builder finds the commit at its next poll: each commit waits a random part of the
        // interval first, so that the commits do not fall in step with the polls.
        bench.RemoveHook();
        var random = new Random(14);
        var polling = new List<LoopTiming>();
        for (var round = 0; round < PollRounds; round++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * BuilderPoll.TotalMilliseconds));
            polling.Add(await PlatformLoop.RunAsync(bench, 100 + round, output));
        }

        return LoopReport.Build(platform, limit, peer, polling);
    }

    private static async Task FirstDeploymentAsync(LoopBench bench, TextWriter output)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (bench.Deployed.Messages.IsEmpty)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(3) || !bench.Failed.Messages.IsEmpty)
            {
                throw new TimeoutException($"the first deployment of the loop's service did not happen: {string.Join("; ", bench.Failed.Messages)}\n" +
                    $"builder: {bench.Builder.Output}\nwatcher: {bench.Watcher.Output}\ndeployer: {bench.Deployer.Output}");
            }

            await Task.Delay(50);
        }

        output.WriteLine($"first deployment after {watch.Elapsed.TotalSeconds:F1} s");
    }
}

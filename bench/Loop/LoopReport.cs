using System.Globalization;
using Platform.Bench.Deploy;
using Platform.Bench.Load;
using Platform.Bench.Results;
using static Platform.Bench.Loop.PlatformLoop;

namespace Platform.Bench.Loop;

/// <summary>The loop benchmark's table: each stage's median and p95 for Platform, the limit and the peer, the totals, the goal, and the poll path.</summary>
public static class LoopReport
{
    private const double GoalMarginMs = 500;

    /// <summary>Row label, then the stage of Platform, of the limit and of the peer that the row shows (null: the side has no such stage).</summary>
    private static readonly (string Label, string? Platform, string? Limit, string? Peer)[] StageRows =
    [
        ("git commit returned, ms (Platform: not a stage, its hook runs inside the commit)", Commit, Commit, Commit),
        ("commit seen by the builder (webhook; from the start of git commit), ms", Seen, null, null),
        ("planned (builder's plan; peer: path filter), ms", Planned, null, ScriptedLoops.PathFilter),
        ("build started (ImageBuildStarted), ms", BuildStarted, null, null),
        ("built (engine's build), ms", Built, Built, Built),
        ("pushed (ImagePushed; docker push), ms", Pushed, Pushed, Pushed),
        ("announced (ImageDigestChanged; peer: 60 s poll wait, modelled), ms", Announced, null, ScriptedLoops.PollWait),
        ("new container healthy (deployer's log; scripts: [pull,] run, curl until it answers), ms", Healthy, Healthy, ScriptedLoops.Deploy),
        ("old container removed (ServiceDeployed's time: stopped with SIGTERM, removed; scripts: rm -f), ms", Retired, Retired, Retired),
        ("ServiceDeployed reached the bench, ms", Reported, null, null),
    ];

    public static BenchmarkResult Build(List<LoopTiming> platform, List<LoopTiming> limit, List<PeerWork> peerWork, List<LoopTiming> polling)
    {
        // The peer's wait for its updater's poll: uniform over the interval, as a commit lands at a random moment of it;
        // each commit gets one of N evenly spaced quantiles, paired with the commits in a fixed random order.
        var random = new Random(2026);
        var waits = Enumerable.Range(0, peerWork.Count).Select(i => (i + 0.5) / peerWork.Count * PeerPollMs).OrderBy(_ => random.Next()).ToList();
        var peer = peerWork.Select((w, i) => w.WithWait(waits[i])).ToList();

        var platformMedian = Median(platform);
        var limitMedian = Median(limit);
        var rows = StageRows.Select(r => new BenchmarkRow(r.Label, Cell(platform, r.Platform), Cell(limit, r.Limit)) { Peer = Cell(peer, r.Peer) }).ToList();
        rows.Add(new("total: git commit to healthy, median / p95 ms", Pair(platform), Pair(limit)) { Peer = Pair(peer) });
        rows.Add(new("Platform over the limit (medians), ms", F(platformMedian - limitMedian), "-") { Peer = "-" });
        rows.Add(new($"goal: Platform's median at most the limit's + {GoalMarginMs:0} ms", platformMedian <= limitMedian + GoalMarginMs ? "met" : "NOT met", "-") { Peer = "-" });
        rows.Add(new($"poll path (hook removed; the builder's default {LoopBenchmark.BuilderPoll.TotalSeconds:0} s poll): total, median / p95 ms", Pair(polling), "-") { Peer = "-" });
        rows.Add(new("poll path: commit seen after, median / p95 ms", Cell(polling, Seen), "-") { Peer = "-" });
        rows.Add(new("commits measured", $"{platform.Count} (+{LoopBenchmark.Warmup} warm-up) with the hook, {polling.Count} polled", $"{limit.Count} (+{LoopBenchmark.Warmup})")
        {
            Peer = $"{peer.Count} (+{LoopBenchmark.Warmup})",
        });

        return new BenchmarkResult(
            "The loop: git commit to the new service container healthy, by stage",
            "median ms, git commit to the new container healthy (post-commit hook)",
            Math.Round(platformMedian, 1),
            Math.Round(limitMedian, 1),
            "physical limit: the same commit, then docker build + docker push + docker run of that image + health answered + rm -f of the old container, scripted with nothing else",
            $"Platform's median at most the limit's + {GoalMarginMs:0} ms (with the hook; the poll path is reported apart)",
            Stats.Now())
        {
            PeerName = $"scripted peer: a hand path filter (git diff --name-only | grep), docker build + push, a registry poll every {LoopBenchmark.PeerPoll.TotalSeconds:0} s like Keel's default (the wait modelled), docker pull + run + health",
            Peer = Math.Round(Median(peer), 1),
            Rows = rows,
            Details =
            [
                $"A small service (busybox httpd on the local root image, a page and a CGI health path; linux/amd64 only) in a git repository; each commit changes the page (its text names the run, so that no layer of an earlier run is in the engine's cache). {LoopBenchmark.Rounds} commits per side after {LoopBenchmark.Warmup} warm-up commits, the sides taking turns to go first; each commit starts when the last one of any side is over.",
                "Platform: the builder, the registry watcher and the deployer as their own processes (Release builds of services/, default settings but their folders; the deployer has no environment file, so every catalogue service follows latest), RabbitMQ and docker-registry from Debian's packages, the Docker engine; all on loopback. The repository's post-commit hook sends git's `<old> <new> refs/heads/main` line with curl to the builder's /api/webhooks/git (the builder's 5 s poll runs too, as by default).",
                "Stages: the clock starts when `git commit` starts. Commit seen, planned and built are the times the builder logged its webhook line, its plan and the engine's `Successfully built` (its JSON console log with UTC timestamps); the new container healthy is the time the deployer logged that it retires the old one (the new one answered its health path and took the service's name); build started, pushed, announced and old container removed are the times in ImageBuildStarted, ImagePushed, ImageDigestChanged and ServiceDeployed (published once the old container was stopped and removed); the total ends when ServiceDeployed reached a queue of the bench bound to its exchange. Each row is the stage's own duration (from the previous mark), so the stages add up to the total (for Platform, `git commit` returning is shown beside the chain: the hook inside it tells the builder before it returns); the bench then checks that the new container serves the commit's page.",
                "Limit: one bash script in a second repository of the same service: `git commit`, `DOCKER_BUILDKIT=0 docker build` (the legacy builder, which the builder's engine API uses too), `docker push`, `docker run -d -p 127.0.0.1::8080` of the image just built, curl of the health path every 50 ms until it answers, `docker rm -f` of the previous container; its marks are bash's EPOCHREALTIME, and its total ends at the last one (not when the bench saw the script end).",
                $"Peer: the same repository: `git commit`, `git diff --name-only HEAD~1 HEAD | grep -q '^images/web/'`, docker build and push of :latest; then what an updater does once its poll saw the new digest: docker pull, run, health, rm -f of the old container (measured). The wait for the poll is modelled, not waited: uniform over {LoopBenchmark.PeerPoll.TotalSeconds:0} s (a commit lands at a random moment of the interval), one of {peer.Count} evenly spaced quantiles per commit in a fixed random order; the detection request itself (a HEAD) is not counted.",
                $"Poll path: the hook removed, the same builder finds each commit at its next poll ({LoopBenchmark.BuilderPoll.TotalSeconds:0} s, its default for a folder of this machine); each commit first waits a random 0 to {LoopBenchmark.BuilderPoll.TotalSeconds:0} s so that commits do not fall in step with the polls.",
            ],
        };
    }

    private static double PeerPollMs => LoopBenchmark.PeerPoll.TotalMilliseconds;

    private static double Median(IEnumerable<LoopTiming> timings) => DeployBench.Median(timings.Select(t => t.Total));

    private static string Pair(List<LoopTiming> timings) =>
        timings.Count == 0 ? "-" : $"{F(Median(timings))} / {F(Stats.Percentile([.. timings.Select(t => t.Total)], 0.95))}";

    private static string Cell(List<LoopTiming> timings, string? stage)
    {
        if (stage is null)
        {
            return "-";
        }

        var values = timings.Select(t => stage == Commit && t.CommitReturned is { } returned ? returned : t.Of(stage)).OfType<double>().ToList();
        var missing = timings.Count - values.Count;
        return values.Count == 0 ? "n/a" : $"{F(DeployBench.Median(values))} / {F(Stats.Percentile(values, 0.95))}{(missing > 0 ? $" ({missing} without this mark)" : "")}";
    }

    private static string F(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}

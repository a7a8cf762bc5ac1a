using System.Text.Json;
using static Platform.Bench.Load.Stats;

namespace Platform.Bench.Load;

/// <summary>Checks the commit run image by image (messages, registry, history, leases) and writes its figures.</summary>
public static class CommitReport
{
    public static LoadResult Build(TextWriter output, CommitOutcome o)
    {
        var images = Enumerable.Range(0, LoadCommitRun.Images).Select(i => LoadCommitRun.Image(o.Namespace, i)).ToList();
        var pushes = Group(o.Pushed);
        var starts = Group(o.Started);
        var pushedOnce = images.Count(i => pushes.GetValueOrDefault(i) is [var one] && Text(one, "commit") == o.Commit);
        var pushedTwice = images.Count(i => pushes.GetValueOrDefault(i) is { Count: > 1 });
        var startedOnce = images.Count(i => starts.GetValueOrDefault(i) is [var one] && !one.GetProperty("redelivered").GetBoolean());
        var digests = images.Select(i => pushes.GetValueOrDefault(i) is [var one] ? Text(one, "digest") : null).ToList();
        var distinct = digests.Where(d => d is not null).Distinct().Count();
        var tagged = images.Count(i => pushes.GetValueOrDefault(i) is [var one] && o.Registry.GetValueOrDefault(i) is var (latest, commitTag)
            && latest == Text(one, "digest") && commitTag == Text(one, "digest"));
        var rows = o.Builds.Where(b => Text(b, "commit") == o.Commit).ToList();
        var rowsOk = images.Count(i => rows.Where(r => Text(r, "image") == i).ToList() is [var row]
            && Text(row, "outcome") == "Succeeded" && row.GetProperty("attempt").ValueKind == JsonValueKind.Number && row.GetProperty("attempt").GetInt32() == 1
            && Text(row, "digest") == digests[images.IndexOf(i)]);
        var leases = o.Leases.Where(l => images.Contains(l.Image)).ToList();
        var leasesDone = images.Count(i => leases.Where(l => l.Image == i).ToList() is [var lease] && lease.State == "Done" && lease.Attempt == 1);
        var failedBuilds = o.Cycle.TryGetProperty("failedBuilds", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : -1;

        var checks = new CheckList();
        output.WriteLine("checks:");
        checks.Add("the builder kept running", "yes", o.Running ? "yes" : "no", o.Running, output);
        checks.Add("images started once (one ImageBuildStarted, not redelivered)", N(images.Count), N(startedOnce), startedOnce == images.Count, output);
        checks.Add("images with exactly one ImagePushed for the commit", N(images.Count), N(pushedOnce), pushedOnce == images.Count, output);
        checks.Add("images pushed more than once", "0", N(pushedTwice), pushedTwice == 0, output);
        checks.Add("ImageBuildFailed", "0", N(o.Failed.Count) + (o.Failed.Count > 0 ? $" ({Text(o.Failed[0], "error")})" : ""), o.Failed.Count == 0, output);
        checks.Add("distinct digests (one per image)", N(images.Count), N(distinct), distinct == images.Count, output);
        checks.Add($"registry: latest and sha-{o.Commit[..7]} at the pushed digest", N(images.Count), N(tagged), tagged == images.Count, output);
        checks.Add("history: one row per image for the commit, succeeded, attempt 1, its digest", N(images.Count), $"{N(rowsOk)} (rows for the commit: {N(rows.Count)})",
            rowsOk == images.Count && rows.Count == images.Count, output);
        checks.Add("leases: one per image, done at attempt 1", N(images.Count), $"{N(leasesDone)} (leases: {N(leases.Count)})", leasesDone == images.Count && leases.Count == images.Count, output);
        checks.Add("GET /api/commits: the commit's cycle over with no failed build", $"{o.Commit[..7]}, 0 failed", $"{Text(o.Cycle, "lastCommit")?[..7]}, {failedBuilds} failed",
            failedBuilds == 0, output);
        // The builder keeps every build in its store, not in memory: after the cycle its live heap is where it was.
        var bound = o.LiveBefore * 1.5 + 16;
        checks.Add("builder's live managed heap after the cycle (full GC) near its start", $"at most {F(bound)} MiB", $"{F(o.LiveAfter)} MiB",
            !double.IsNaN(o.LiveAfter) && o.LiveAfter <= bound, output);

        var building = o.LastPush - o.Plan;
        var queue = string.Join(", ", o.QueuePeaks.Select(q => $"{q.Key} {N(q.Value)}"));
        return new LoadResult(LoadCommitRun.Name, $"{LoadCommitRun.Images} images changed in one commit", Now())
        {
            Figures =
            [
                new("plan (POST /api/commits/check to the coordinator's plan)", $"{F(o.Plan.TotalSeconds, "0.00")} s"),
                new($"all {LoadCommitRun.Images} pushed / the cycle over", $"{F(o.LastPush.TotalSeconds, "0.0")} s / {F(o.Total.TotalSeconds, "0.0")} s"),
                new("builds per minute (after the plan / overall)", $"{F(LoadCommitRun.Images / building.TotalMinutes, "0")} / {F(LoadCommitRun.Images / o.Total.TotalMinutes, "0")}"),
                new("builder working set, peak (VmHWM)", $"{F(o.PeakWorkingSet)} MiB"),
                new("builder managed heap: live before / peak of the samples (once a second) / live after", $"{F(o.LiveBefore)} / {F(o.PeakManagedHeap)} / {F(o.LiveAfter)} MiB"),
                new("broker queues, most messages ready at once (sampled every 200 ms)", queue.Length == 0 ? "n/a" : queue),
            ],
            Checks = checks.All,
            Details =
            [
                $"The builder's own process (Release build, the coordinator, which also builds; `Builder:MaxConcurrentBuilds` {LoadCommitRun.ConcurrentBuilds}, the default is 1), one real docker-registry, one RabbitMQ node, the machine's Docker engine (legacy builder), all on loopback.",
                $"One commit adds {LoadCommitRun.Images} images (`images/img-NNN`: `FROM platform/root:busybox-amd64` and a COPY of a small file of its own), built for linux/amd64 only so that the run stays within about 3 minutes on this machine (arm64 would build each image a second time under QEMU); the builder had seen the commit before (no images), so the plan compares the new commit with it.",
                "The plan is one wave of 200 builds (no image starts from another): the coordinator writes a lease per build key and sends 200 BuildImage commands; this instance takes 4 at a time; each build is git archive, the engine's build, a push through the staging repository and one OCI index per tag (latest, sha-<commit>).",
                "Checked after the cycle: the ImageBuildStarted, ImagePushed and ImageBuildFailed messages on the broker (taps on their exchanges), a HEAD of both tags of every image in the registry, GET /api/builds, and the build_leases table of the builder's store.",
            ],
        };
    }

    private static Dictionary<string, List<JsonElement>> Group(List<JsonElement> messages) =>
        messages.GroupBy(m => Text(m, "image") ?? "").ToDictionary(g => g.Key, g => g.ToList());

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

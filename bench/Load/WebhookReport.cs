using System.Text.Json;
using static Platform.Bench.Load.Stats;

namespace Platform.Bench.Load;

/// <summary>The shape of the webhook run, for its report.</summary>
public sealed record WebhookLoad(int Rate, int Seconds, int Connections, int WatchedTags, int ChangesPerTag);

/// <summary>Checks every answer of the webhook run against what its kind must get, and the announcements against the changes made.</summary>
public static class WebhookReport
{
    public static LoadResult Build(
        TextWriter output, WebhookTraffic traffic, int pairs, List<(string Image, string Digest, string Source)> announced, Dictionary<string, HashSet<string>> expected,
        TimeSpan burst, TimeSpan allAnnouncedAfter, ProcessMemory memory, DateTimeOffset burstStart, DateTimeOffset burstEnd,
        (double WorkingSetBefore, double WorkingSetAfter, double LiveBefore, double LiveAfter) heap, bool healthy, (double Own, double Children) cpu, FloodOutcome flood, WebhookLoad load)
    {
        var answers = traffic.Answers.ToList();
        var final = answers.Where(a => a.Status is not (429 or 503) || a.Kind is not (HookKind.Change or HookKind.ConcurrentCopy)).ToList();
        var shed = answers.Count(a => a.Status is 429 or 503);
        var shedWithoutRetryAfter = answers.Count(a => a.Status is 429 or 503 && !a.RetryAfter);
        var serverErrors = answers.Where(a => a.Status >= 500 && a.Status != 503).ToList();
        var transport = answers.Where(a => a.Status == 0).ToList();
        var wrong = final.Where(a => a.Status is not (0 or 429 or 503) && a.Status < 500 && Wrong(a) is not null).ToList();
        var latencies = answers.Select(a => a.Milliseconds).ToList();

        var ofWatched = announced.Where(a => expected.ContainsKey(a.Image)).ToList();
        var lost = expected.Sum(e => e.Value.Count(d => !ofWatched.Any(a => a.Image == e.Key && a.Digest == d)));
        var doubled = ofWatched.GroupBy(a => (a.Image, a.Digest)).Where(g => g.Count() > 1).ToList();
        var unexpected = announced.Where(a => !expected.TryGetValue(a.Image, out var digests) || !digests.Contains(a.Digest)).ToList();
        var total = expected.Values.Sum(e => e.Count);

        var duplicates = final.Where(a => a.Kind == HookKind.Duplicate).ToList();
        var droppedDuplicates = duplicates.Count(a => Count(a, "duplicates") == 1 && Count(a, "sightings") == 0);
        var copies = final.Where(a => a.Kind == HookKind.ConcurrentCopy).ToList();
        var copySightings = copies.Sum(a => Count(a, "sightings"));
        var changeSightings = final.Where(a => a.Kind == HookKind.Change).Sum(a => Count(a, "sightings"));
        var changeRequests = final.Count(a => a.Kind == HookKind.Change);

        var checks = new CheckList();
        output.WriteLine("checks:");
        checks.Add("the watcher kept running and answers /health", "yes", healthy ? "yes" : "no", healthy, output);
        checks.Add("answers 5xx (other than 503 with Retry-After)", "0", N(serverErrors.Count) + Sample(serverErrors.Select(e => e.Error)), serverErrors.Count == 0, output);
        checks.Add("requests with no answer (connection errors, 15 s timeouts)", "0", N(transport.Count) + Sample(transport.Select(e => e.Error)), transport.Count == 0, output);
        checks.Add("shed answers (429/503) without Retry-After", "0", N(shedWithoutRetryAfter), shedWithoutRetryAfter == 0, output);
        checks.Add("answers other than the kind of request must get", "0", N(wrong.Count) + Sample(wrong.Select(w => $"{w.Kind}: {Wrong(w)}")), wrong.Count == 0, output);
        checks.Add("distinct changes announced (ImageDigestChanged on the broker)", N(total), N(total - lost), lost == 0, output);
        checks.Add("changes announced more than once", "0", N(doubled.Count) + Sample(doubled.Select(d => $"{d.Key.Image}@{d.Key.Digest[..19]} x{d.Count()}")), doubled.Count == 0, output);
        checks.Add("announcements of anything else (unwatched, forged, unauthenticated)", "0", N(unexpected.Count) + Sample(unexpected.Select(u => $"{u.Image}@{u.Digest}")), unexpected.Count == 0, output);
        checks.Add("each change event a sighting once", $"{N(changeRequests)} sightings", N(changeSightings), changeSightings == changeRequests, output);
        checks.Add("deliveries sent again afterwards (same event id) dropped as duplicates", N(duplicates.Count), N(droppedDuplicates), droppedDuplicates == duplicates.Count, output);
        checks.Add("deliveries sent twice at once: one sighting per pair, the other a duplicate", $"{N(pairs)} sightings", N(copySightings), copySightings == pairs, output);
        var floodServerErrors = flood.Answers.Count(a => a.Status >= 500 && a.Status != 503);
        var floodRefused = flood.Answers.Where(a => a.Status == 503).ToList();
        var floodUnanswered = flood.Answers.Count(a => a.Status == 0);
        var floodWrong = flood.Answers.Where(a => a.Status == 200 && Wrong(a) is not null).ToList();
        checks.Add("flood: answers 5xx other than 503", "0", N(floodServerErrors), floodServerErrors == 0, output);
        checks.Add("flood: 503 answers with Retry-After", N(floodRefused.Count), N(floodRefused.Count(a => a.RetryAfter)), floodRefused.All(a => a.RetryAfter), output);
        checks.Add("flood: requests with no answer (connection errors, 15 s timeouts)", "0", N(floodUnanswered), floodUnanswered == 0, output);
        checks.Add("flood: handled answers other than the kind of request must get", "0", N(floodWrong.Count) + Sample(floodWrong.Select(w => $"{w.Kind}: {Wrong(w)}")), floodWrong.Count == 0, output);
        var bound = heap.LiveBefore * 1.5 + 16;
        checks.Add("live managed heap after the burst and the flood (full GC) back near its start", $"at most {F(bound)} MiB (1.5x start + 16)", $"{F(heap.LiveAfter)} MiB",
            !double.IsNaN(heap.LiveAfter) && heap.LiveAfter <= bound, output);

        var achieved = answers.Count / burst.TotalSeconds;
        var statuses = string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "none" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {N(g.Count())}"));
        output.WriteLine($"{N(answers.Count)} requests in {F(burst.TotalSeconds, "0.0")} s: {F(achieved, "0")}/s; p50 {F(Percentile(latencies, 0.5), "0.0")} ms, p99 {F(Percentile(latencies, 0.99), "0.0")} ms; {statuses}");
        return new LoadResult(LoadWebhooksRun.Name, $"{N(load.Rate)} webhook requests per second for {load.Seconds} s", Now())
        {
            Figures =
            [
                new("requests sent (target)", $"{N(answers.Count)} ({N(load.Rate * load.Seconds)} paced + {N(answers.Count(a => a.Kind is HookKind.Change or HookKind.ConcurrentCopy))} change deliveries)"),
                new("achieved request rate", $"{F(achieved, "0")}/s over {F(burst.TotalSeconds, "0.0")} s"),
                new("answer latency p50 / p90 / p99 / max", $"{F(Percentile(latencies, 0.5), "0.0")} / {F(Percentile(latencies, 0.9), "0.0")} / {F(Percentile(latencies, 0.99), "0.0")} / {F(latencies.DefaultIfEmpty(double.NaN).Max(), "0")} ms"),
                new("answers by status", statuses),
                new("burst: refused with 503 (admission limit)", N(shed)),
                new("distinct changes announced (burst and flood) / announcements", $"{N(total - lost)} / {N(ofWatched.Count)}"),
                new("last change announced after the burst", $"{F(allAnnouncedAfter.TotalMilliseconds, "0")} ms"),
                new("duplicates dropped", $"{N(droppedDuplicates)} of {N(duplicates.Count)} sent again, {N(copies.Count - copySightings)} of {N(copies.Count)} sent at once"),
                new($"flood beyond capacity: {N(flood.Connections)} connections unpaced for {F(flood.Elapsed.TotalSeconds, "0.0")} s",
                    $"{N(flood.Answers.Count)} requests ({F(flood.Answers.Count / flood.Elapsed.TotalSeconds, "0")}/s): {N(flood.Answers.Count(a => a.Status == 200))} handled, {N(flood.Answers.Count(a => a.Status == 503))} refused with 503"),
                new("flood: latency of handled / refused answers, p50 / p99", $"{Latencies(flood.Answers.Where(a => a.Status == 200))} / {Latencies(flood.Answers.Where(a => a.Status == 503))} ms"),
                new("flood: watcher working set / managed heap, peaks", $"{F(flood.PeakWorkingSet)} / {F(flood.PeakManagedHeap)} MiB"),
                new("watcher CPU during the burst: its own / its child processes (git)", $"{F(cpu.Own, "0.0")} s / {F(cpu.Children, "0.0")} s of {F(burst.TotalSeconds, "0.0")} s"),
                new("watcher working set: before / peak in the burst / peak overall (VmHWM) / after", $"{F(heap.WorkingSetBefore)} / {F(memory.PeakWorkingSetBetween(burstStart, burstEnd))} / {F(memory.PeakWorkingSetMib)} / {F(heap.WorkingSetAfter)} MiB"),
                new("watcher managed heap: live before / peak in the burst / live after", $"{F(heap.LiveBefore)} / {F(memory.PeakManagedHeapBetween(burstStart, burstEnd))} / {F(heap.LiveAfter)} MiB"),
            ],
            Checks = checks.All,
            Details =
            [
                $"The registry watcher's own process (Release build), one real docker-registry, one RabbitMQ node, on loopback. {load.WatchedTags} configured watches (`load/hook-N:latest`, digest policy, polled every 5 s as by default); configured rather than catalogue watches because a catalogue tag waits for the builder's hint and merges the changes of 5 s into one announcement by design.",
                $"Client: one HttpClient with {load.Connections} connections; request s of the burst is sent at s ms (a connection that falls behind sends its next request at once, never two at a time); a warm-up of 1,000 requests comes first and is not counted.",
                $"Changes: each watched tag moves to a new digest every 250 ms ({load.ChangesPerTag} each, {load.WatchedTags * load.ChangesPerTag} in all): the manifest is PUT to the real registry under `latest`, then its push event is delivered; every fourth delivery is sent twice at once (a registry that retries while the first is still being handled). A change refused with 503 would be sent again after its Retry-After, as the registry's queue does.",
                "The paced requests, in a fixed pattern of 20: 6 pull events, 4 pushes of unwatched repositories, 5 deliveries of earlier change events again (same id), 1 batch of 4 events (pull, blob push, push by digest, unwatched tag), 1 body that is not JSON, 1 JSON of the wrong shape (`events` null, a number, `[1,\"x\",null]`, ...), 1 without or with a wrong secret, 1 with a wrong content type; the last two name a watched tag and a digest that must never be announced.",
                $"Flood (after the burst): {WebhookFlood.Connections} connections each sending pull events and unwatched pushes as fast as they are answered for {WebhookFlood.Duration.TotalSeconds:0} s, more than the watcher handles and queues (64 + 256, the defaults); meanwhile `load/hook-0` changes 4 times and each delivery refused with 503 is sent again after its Retry-After. Those changes are in the announcement checks above.",
                "Memory: the live managed heap is read right after the runtime was asked for a full collection over EventPipe (as dotnet-gcdump does), before the burst and 6 s after the flood; the working set is the process's resident set.",
            ],
        };
    }

    /// <summary>What is wrong with an answer given its kind; null when it is what the kind must get.</summary>
    private static string? Wrong(HookAnswer a) => a.Kind switch
    {
        HookKind.Change or HookKind.ConcurrentCopy or HookKind.Duplicate or HookKind.Pull or HookKind.Unwatched or HookKind.Batch when a.Status != 200 => $"answered {a.Status}, expected 200",
        HookKind.Pull when Count(a, "ignored") != 1 || Count(a, "sightings") != 0 => $"a pull event answered {a.Body}",
        HookKind.Unwatched when Count(a, "sightings") != 0 || Count(a, "ignored") != 0 => $"an unwatched push answered {a.Body}",
        HookKind.Batch when Count(a, "events") != 4 || Count(a, "ignored") != 3 || Count(a, "sightings") != 0 => $"a batch answered {a.Body}",
        HookKind.BadJson or HookKind.BadShape when a.Status != 400 => $"answered {a.Status}, expected 400",
        HookKind.Unauthenticated when a.Status != 401 => $"answered {a.Status}, expected 401",
        HookKind.WrongContentType when a.Status != 415 => $"answered {a.Status}, expected 415",
        _ => null,
    };

    private static string Latencies(IEnumerable<HookAnswer> answers)
    {
        var values = answers.Select(a => a.Milliseconds).ToList();
        return $"{F(Percentile(values, 0.5), "0")}, {F(Percentile(values, 0.99), "0")}";
    }

    private static int Count(HookAnswer answer, string property) =>
        answer.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : -1;

    private static string Sample(IEnumerable<string?> items)
    {
        var first = items.Where(i => i is not null).Take(3).ToList();
        return first.Count == 0 ? "" : " (" + string.Join("; ", first.Select(i => i!.Length > 160 ? i[..160] + "..." : i)) + ")";
    }
}

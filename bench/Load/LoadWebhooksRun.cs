using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Bench.Load;

/// <summary>
/// 1,000 webhook requests per second for 10 s against the registry watcher's own process
/// (<c>POST /api/webhooks/distribution</c>, loopback, 32 connections, paced): real pushes of watched tags
/// (each a new digest PUT to the real registry just before its event), deliveries sent again (sequentially and
/// concurrently), pushes of unwatched repositories, pull events, batches, malformed and unauthenticated requests.
/// Checks every answer, that every change is announced exactly once on the broker and nothing else is, and that
/// the watcher's live managed heap after the burst is back near where it started.
/// </summary>
public static class LoadWebhooksRun
{
    public const string Name = "load-webhooks";
    private const int Rate = 1000;
    private const int Seconds = 10;
    private const int Connections = 32;
    private const int WatchedTags = 4;
    private const int ChangesPerTag = 40;
    private const int FloodChanges = 4;
    private const string Secret = "load-webhook-secret-0123456789abcdef";

    private static readonly HookKind[] Pattern =
    [
        HookKind.Pull, HookKind.Unwatched, HookKind.Duplicate, HookKind.Pull, HookKind.Unwatched, HookKind.Duplicate, HookKind.Pull,
        HookKind.Batch, HookKind.Duplicate, HookKind.Pull, HookKind.Unwatched, HookKind.Duplicate, HookKind.Pull, HookKind.BadJson,
        HookKind.Duplicate, HookKind.Pull, HookKind.Unwatched, HookKind.BadShape, HookKind.Unauthenticated, HookKind.WrongContentType,
    ];

    private static readonly string[] BadShapes =
        ["""{"events":null}""", """{"events":5}""", """{"events":[1,"x",null]}""", """{"events":{}}""", "[]", """{"nope":1}""", """{"events":[{"target":7}]}"""];

    public static async Task<LoadResult> RunAsync(TextWriter output)
    {
        await using var broker = new RabbitMqNode();
        var brokerStarted = broker.StartAsync();
        await using var registry = new RegistryServer();
        await registry.StartAsync();
        await brokerStarted;
        using var repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("README.md", "no images: the watches are configured\n");
        await repository.CommitAllAsync("empty catalogue");
        using var data = new TempDirectory("load-webhooks");

        var tags = new RegistryTags(registry.BaseUri);
        var changes = new List<(string Repository, string Initial, List<string> Digests)>();
        var floodChanges = new List<(string Tag, string Digest)>();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__messaging"] = broker.ConnectionString,
            ["ConnectionStrings__registry"] = registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog__Repository"] = repository.Path,
            ["RegistryWatcher__DataDirectory"] = data.Path,
            ["RegistryWatcher__Webhooks__Secret"] = Secret,
        };
        using (var pusher = new OciPusher(registry.BaseUri))
        {
            for (var i = 0; i < WatchedTags; i++)
            {
                var name = $"load/hook-{i}";
                string[] floodTags = i == 0 ? [.. Enumerable.Range(0, FloodChanges).Select(k => $"f-{k:D3}")] : [];
                var pushed = await pusher.PushTagsAsync(name, ["initial", .. Enumerable.Range(0, ChangesPerTag).Select(k => $"c-{k:D3}"), .. floodTags]);
                floodChanges.AddRange(floodTags.Select(t => (t, pushed[t])));
                await tags.LoadAsync(name, pushed.Keys);
                await tags.MoveAsync(name, "initial", "latest");
                changes.Add((name, pushed["initial"], [.. Enumerable.Range(0, ChangesPerTag).Select(k => pushed[$"c-{k:D3}"])]));
                settings[$"RegistryWatcher__Watches__{i}__Image"] = name;
                settings[$"RegistryWatcher__Watches__{i}__Tag"] = "latest";
            }
        }

        await using var tap = await MessageTap.StartAsync(broker.ConnectionString, "Platform.Contracts.ImageDigestChanged", CancellationToken.None);
        await using var watcher = await ServiceProcess.StartAsync("RegistryWatcher", settings, TimeSpan.FromSeconds(60));
        await using var memory = ProcessMemory.Watch(watcher.Pid);
        await Eventually.WaitAsync(_ => Task.FromResult(tap.Messages.Count), n => n >= WatchedTags, TimeSpan.FromSeconds(30),
            $"the watcher's first poll to announce the {WatchedTags} initial digests");
        output.WriteLine($"watcher pid {watcher.Pid} on port {watcher.Port}; registry {registry.Host}; {WatchedTags} watched tags, {ChangesPerTag} changes each");

        // Warm-up (not counted): every kind of request but changes and duplicates, so that the burst does not measure the JIT.
        using (var warmup = new WebhookTraffic(watcher.BaseUri, Secret, Connections))
        {
            await RunPoolAsync(warmup, changes, 1000, 500, CancellationToken.None);
        }

        var liveBefore = await memory.LiveManagedHeapAsync();
        var workingSetBefore = memory.CurrentWorkingSetMib;
        output.WriteLine($"before the burst: working set {Stats.F(workingSetBefore)} MiB, live managed heap {Stats.F(liveBefore)} MiB");

        using var traffic = new WebhookTraffic(watcher.BaseUri, Secret, Connections);
        var cpuBefore = memory.CpuSeconds();
        var burstStart = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var changers = changes.Select((c, i) => ChangeAsync(traffic, tags, c.Repository, c.Digests, clock, TimeSpan.FromMilliseconds(60 * i))).ToList();
        await RunPoolAsync(traffic, changes, Rate * Seconds, Rate, CancellationToken.None, clock);
        var pairs = await Task.WhenAll(changers);
        var burst = clock.Elapsed;
        var burstEnd = DateTimeOffset.UtcNow;
        var cpuAfter = memory.CpuSeconds();
        var cpu = (cpuAfter.Own - cpuBefore.Own, cpuAfter.Children - cpuBefore.Children);
        output.WriteLine($"burst: {traffic.Answers.Count} requests in {burst.TotalSeconds:F1} s");

        var expected = changes.ToDictionary(c => c.Repository, c => new HashSet<string>([c.Initial, .. c.Digests]));
        var total = expected.Values.Sum(e => e.Count);
        var settle = Stopwatch.StartNew();
        await WaitQuietlyAsync(() => Announced(tap).Count(m => expected.ContainsKey(m.Image) && expected[m.Image].Contains(m.Digest)) >= total, TimeSpan.FromSeconds(30));
        var allAnnouncedAfter = settle.Elapsed;
        // One poll interval (5 s) and more, so that a late or stale announcement would be seen.
        await Task.Delay(TimeSpan.FromSeconds(7));

        // Beyond capacity: the admission limit must refuse with 503 and Retry-After, lose nothing and keep memory bounded.
        var flood = await WebhookFlood.RunAsync(watcher.BaseUri, Secret, changes[0].Repository, floodChanges,
            tag => tags.MoveAsync(changes[0].Repository, tag, "latest"), memory, changes[0].Initial);
        output.WriteLine($"flood: {flood.Answers.Count} requests from {flood.Connections} connections in {flood.Elapsed.TotalSeconds:F1} s, {flood.Answers.Count(a => a.Status == 503)} refused with 503");
        foreach (var (_, digest) in floodChanges)
        {
            expected[changes[0].Repository].Add(digest);
        }

        total = expected.Values.Sum(e => e.Count);
        await WaitQuietlyAsync(() => Announced(tap).Count(m => expected.ContainsKey(m.Image) && expected[m.Image].Contains(m.Digest)) >= total, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(6));

        var liveAfter = await memory.LiveManagedHeapAsync();
        var workingSetAfter = memory.CurrentWorkingSetMib;
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var healthy = !watcher.HasExited && (await health.GetAsync(new Uri(watcher.BaseUri, "health"))).IsSuccessStatusCode;
        return Report(output, traffic, pairs.Sum(), Announced(tap), expected, burst, allAnnouncedAfter, memory, burstStart, burstEnd,
            (workingSetBefore, workingSetAfter, liveBefore, liveAfter), healthy, cpu, flood);
    }

    /// <summary>The paced pool: request slot s goes at s / rate seconds, on one of the fixed connections.</summary>
    private static async Task RunPoolAsync(
        WebhookTraffic traffic, List<(string Repository, string Initial, List<string> Digests)> watched, int requests, int rate, CancellationToken cancellationToken,
        Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var warmup = requests < Rate * Seconds;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
        {
            var random = new Random(worker);
            for (var slot = worker; slot < requests; slot += Connections)
            {
                var due = TimeSpan.FromSeconds((double)slot / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }

                var kind = Pattern[slot % Pattern.Length];
                if (warmup && kind == HookKind.Duplicate)
                {
                    kind = HookKind.Pull;
                }

                var repository = watched[slot % watched.Count].Repository;
                var bogus = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(slot)));
                string body;
                switch (kind)
                {
                    case HookKind.Duplicate when traffic.Delivered.ToArray() is { Length: > 0 } delivered:
                        body = delivered[random.Next(delivered.Length)];
                        break;
                    case HookKind.Duplicate:
                    case HookKind.Pull:
                        kind = HookKind.Pull;
                        body = WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("pull"), "pull", repository, "latest", watched[0].Initial));
                        break;
                    case HookKind.Unwatched:
                        body = WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("other"), "push", $"load/unwatched-{slot % 500}", "latest", bogus));
                        break;
                    case HookKind.Batch:
                        body = WebhookTraffic.Envelope(
                            WebhookTraffic.Event(traffic.NextId("pull"), "pull", repository, "latest", watched[0].Initial),
                            WebhookTraffic.Event(traffic.NextId("blob"), "push", repository, null, bogus, "application/octet-stream"),
                            WebhookTraffic.Event(traffic.NextId("bydigest"), "push", repository, null, bogus),
                            WebhookTraffic.Event(traffic.NextId("other"), "push", $"load/unwatched-{slot % 500}", "v1", bogus));
                        break;
                    case HookKind.BadJson:
                        body = slot % 2 == 0 ? "{\"events\": [" : "not json at all";
                        break;
                    case HookKind.BadShape:
                        body = BadShapes[slot / Pattern.Length % BadShapes.Length];
                        break;
                    default:
                        // Unauthenticated and wrong content type: a push of a watched tag to a digest that must never be announced.
                        body = WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("forged"), "push", repository, "latest", bogus));
                        break;
                }

                await traffic.SendAsync(kind, body, cancellationToken);
            }
        }));
    }

    /// <summary>One watched tag changing every 250 ms: its new digest is PUT to the registry, then its event is delivered (every fourth twice at once).</summary>
    /// <returns>How many deliveries were sent as concurrent pairs.</returns>
    private static async Task<int> ChangeAsync(WebhookTraffic traffic, RegistryTags tags, string repository, List<string> digests, Stopwatch clock, TimeSpan offset)
    {
        var pairs = 0;
        for (var k = 0; k < digests.Count; k++)
        {
            var due = offset + TimeSpan.FromMilliseconds(250 * k + 100);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await tags.MoveAsync(repository, $"c-{k:D3}", "latest");
            var body = WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("change"), "push", repository, "latest", digests[k]));
            if (k % 4 == 3)
            {
                pairs++;
                await Task.WhenAll(traffic.SendAsync(HookKind.ConcurrentCopy, body, CancellationToken.None), traffic.SendAsync(HookKind.ConcurrentCopy, body, CancellationToken.None));
            }
            else
            {
                await traffic.SendAsync(HookKind.Change, body, CancellationToken.None);
            }

            traffic.Delivered.Enqueue(body);
        }

        return pairs;
    }

    private static List<(string Image, string Digest, string Source)> Announced(MessageTap tap) =>
        [.. tap.Messages.Select(m => (m.GetProperty("image").GetString() ?? "", m.GetProperty("digest").GetString() ?? "", m.GetProperty("detectedBy").ToString()))];

    private static async Task WaitQuietlyAsync(Func<bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!done() && watch.Elapsed < timeout)
        {
            await Task.Delay(100);
        }
    }

    private static LoadResult Report(
        TextWriter output, WebhookTraffic traffic, int pairs, List<(string Image, string Digest, string Source)> announced, Dictionary<string, HashSet<string>> expected,
        TimeSpan burst, TimeSpan allAnnouncedAfter, ProcessMemory memory, DateTimeOffset burstStart, DateTimeOffset burstEnd,
        (double WorkingSetBefore, double WorkingSetAfter, double LiveBefore, double LiveAfter) heap, bool healthy, (double Own, double Children) cpu, FloodOutcome flood) =>
        WebhookReport.Build(output, traffic, pairs, announced, expected, burst, allAnnouncedAfter, memory, burstStart, burstEnd, heap, healthy, cpu, flood,
            new WebhookLoad(Rate, Seconds, Connections, WatchedTags, ChangesPerTag));

    /// <summary>Reads manifests of a repository once and moves a tag to one of them with a manifest PUT (what a push of an image the registry has does).</summary>
    private sealed class RegistryTags(Uri registry)
    {
        private readonly HttpClient http = new() { BaseAddress = registry, Timeout = TimeSpan.FromSeconds(30) };
        private readonly Dictionary<(string, string), byte[]> manifests = [];

        public async Task LoadAsync(string repository, IEnumerable<string> tags)
        {
            foreach (var tag in tags)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{tag}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciPusher.OciManifest));
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                manifests[(repository, tag)] = await response.Content.ReadAsByteArrayAsync();
            }
        }

        public async Task MoveAsync(string repository, string from, string to)
        {
            using var body = new ByteArrayContent(manifests[(repository, from)]);
            body.Headers.ContentType = new MediaTypeHeaderValue(OciPusher.OciManifest);
            using var response = await http.PutAsync($"v2/{repository}/manifests/{to}", body);
            response.EnsureSuccessStatusCode();
        }
    }
}

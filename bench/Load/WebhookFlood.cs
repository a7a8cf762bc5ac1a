using System.Diagnostics;

namespace Platform.Bench.Load;

/// <summary>What the flood phase of the webhook run saw.</summary>
public sealed record FloodOutcome(List<HookAnswer> Answers, TimeSpan Elapsed, int Connections, double PeakWorkingSet, double PeakManagedHeap);

/// <summary>
/// Beyond capacity: many more connections than the watcher handles and queues (64 + 256 by default), each
/// sending as fast as it is answered, for a few seconds; meanwhile one watched tag changes a few times and its
/// deliveries are sent again after each 503's Retry-After, as a registry would.
/// </summary>
public static class WebhookFlood
{
    public const int Connections = 512;
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    public static async Task<FloodOutcome> RunAsync(
        Uri watcher, string secret, string repository, IReadOnlyList<(string Tag, string Digest)> changes, Func<string, Task> move, ProcessMemory memory, string anyDigest)
    {
        using var traffic = new WebhookTraffic(watcher, secret, Connections);
        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var changer = Task.Run(async () =>
        {
            foreach (var (index, (tag, digest)) in changes.Index())
            {
                var due = TimeSpan.FromMilliseconds(400 + 600 * index);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                await move(tag);
                await traffic.SendAsync(HookKind.Change,
                    WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("flood-change"), "push", repository, "latest", digest)), CancellationToken.None);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
        {
            for (var n = 0; clock.Elapsed < Duration; n++)
            {
                var body = (worker + n) % 2 == 0
                    ? WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("flood-pull"), "pull", repository, "latest", anyDigest))
                    : WebhookTraffic.Envelope(WebhookTraffic.Event(traffic.NextId("flood-other"), "push", $"load/unwatched-{worker}", "latest", anyDigest));
                await traffic.SendAsync((worker + n) % 2 == 0 ? HookKind.Pull : HookKind.Unwatched, body, CancellationToken.None);
            }
        }));
        await changer;
        var elapsed = clock.Elapsed;
        var end = DateTimeOffset.UtcNow;
        return new FloodOutcome([.. traffic.Answers], elapsed, Connections, memory.PeakWorkingSetBetween(start, end), memory.PeakManagedHeapBetween(start, end));
    }
}

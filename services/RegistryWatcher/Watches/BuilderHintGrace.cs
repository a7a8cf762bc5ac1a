using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.RegistryWatcher.Polling;

namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// Where every sighting goes before the announcer. A new digest of a catalogue tag seen by a webhook or a
/// poll waits up to <see cref="WatcherOptions.BuilderHintGrace"/> for the builder's hint, which usually
/// follows within a fraction of a second: then the announcement carries the commit and continues the
/// build's trace. Other watches, and digests already announced, go on at once. After the wait the tag is
/// asked again with one HEAD: the builder may have pushed it again since (a multi-arch index after its
/// platform images), and a stale sighting must not be announced after a newer one.
/// </summary>
public sealed class BuilderHintGrace(
    DigestAnnouncer announcer, WatchChecker checker, IOptions<WatcherOptions> options, TimeProvider time, ILogger<BuilderHintGrace> logger)
    : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<WatchKey, Task> waiting = new();

    public async Task ReportAsync(Watch watch, Sighting sighting, CancellationToken cancellationToken)
    {
        var grace = options.Value.BuilderHintGrace;
        if (watch.Origin != WatchOrigin.Catalogue || grace <= TimeSpan.Zero || sighting.Source == DigestSource.BuilderHint
            || (await announcer.AnnouncedAsync(sighting.Key, cancellationToken)).Digest == sighting.Digest)
        {
            await announcer.ObserveAsync(sighting, cancellationToken);
            return;
        }

        // One wait per watch: its HEAD at the end covers every sighting made meanwhile.
        _ = waiting.GetOrAdd(sighting.Key, _ => Task.Run(() => ObserveLaterAsync(watch, sighting, grace), CancellationToken.None));
    }

    private async Task ObserveLaterAsync(Watch watch, Sighting sighting, TimeSpan grace)
    {
        try
        {
            await Task.Delay(grace, time, stopping.Token);
            var (tag, digest) = await checker.CheckAsync(watch, stopping.Token);
            await announcer.ObserveAsync(sighting with { Tag = tag, Digest = digest }, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the next run's first poll sees the digest again.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Announcing {Watch} -> {Digest} failed; the next poll tries again", sighting.Key, sighting.Digest);
            announcer.RecordError(sighting.Key, $"announcing {sighting.Digest} failed: {e.Message}");
        }
        finally
        {
            waiting.TryRemove(sighting.Key, out _);
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}

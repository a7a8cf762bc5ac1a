using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Contracts;

namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// Where every sighting goes before the announcer. A new digest of a catalogue tag seen by a webhook or a
/// poll waits up to <see cref="WatcherOptions.BuilderHintGrace"/> for the builder's hint, which usually
/// follows within a fraction of a second: then the announcement carries the commit and continues the
/// build's trace. Other watches, and digests already announced, go on at once.
/// </summary>
public sealed class BuilderHintGrace(DigestAnnouncer announcer, IOptions<WatcherOptions> options, TimeProvider time, ILogger<BuilderHintGrace> logger)
    : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<(WatchKey Key, string Digest), Task> waiting = new();

    public async Task ReportAsync(Watch watch, Sighting sighting, CancellationToken cancellationToken)
    {
        var grace = options.Value.BuilderHintGrace;
        if (watch.Origin != WatchOrigin.Catalogue || grace <= TimeSpan.Zero || sighting.Source == DigestSource.BuilderHint
            || (await announcer.AnnouncedAsync(sighting.Key, cancellationToken)).Digest == sighting.Digest)
        {
            await announcer.ObserveAsync(sighting, cancellationToken);
            return;
        }

        _ = waiting.GetOrAdd((sighting.Key, sighting.Digest), _ => Task.Run(() => ObserveLaterAsync(sighting, grace), CancellationToken.None));
    }

    private async Task ObserveLaterAsync(Sighting sighting, TimeSpan grace)
    {
        try
        {
            await Task.Delay(grace, time, stopping.Token);
            await announcer.ObserveAsync(sighting, stopping.Token);
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
            waiting.TryRemove((sighting.Key, sighting.Digest), out _);
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}

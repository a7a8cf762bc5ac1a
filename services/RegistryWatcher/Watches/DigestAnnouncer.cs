using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Contracts;
using Platform.Registry;
using Platform.ServiceDefaults.Faults;

namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// Turns what the registry says about a watch into at most one <see cref="ImageDigestChanged"/> per
/// transition, whether a poll, a webhook, a hint or all of them saw it, and across restarts.
/// </summary>
public sealed class DigestAnnouncer(
    DigestStore store,
    IAnnouncementPublisher publisher,
    RegistryEndpoints endpoints,
    WatchBoard board,
    TimeProvider time,
    ILogger<DigestAnnouncer> logger)
{
    public static readonly ActivitySource Activities = new("Platform.RegistryWatcher");

    // One observation per watch at a time: that is what makes a transition announced once; watches do not wait for each other.
    private readonly ConcurrentDictionary<WatchKey, SemaphoreSlim> gates = new();

    public Task<bool> ObserveAsync(
        WatchKey key, string digest, DigestSource source, string? commit, Guid? correlationId, CancellationToken cancellationToken) =>
        ObserveAsync(new Sighting(key, key.Tag, digest, source, commit, correlationId), cancellationToken);

    /// <summary>Records what the registry answered; announces when it differs from the digest announced last.</summary>
    /// <returns>True when a change was announced.</returns>
    public async Task<bool> ObserveAsync(Sighting sighting, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(sighting.Key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // A pending observation under the gate was left by a run that stopped (webhooks may come in before the
            // start-up resume): what it published is confirmed from the log first, so the change is not announced twice.
            if (await store.HasPendingAsync(sighting.Key, cancellationToken))
            {
                await publisher.SettleAsync(cancellationToken);
            }

            var announced = await store.GetAsync(sighting.Key, cancellationToken);
            board.Checked(sighting.Key, sighting.Tag, sighting.Digest);
            if (announced.Digest == sighting.Digest)
            {
                return false;
            }

            var observation = new Observation(
                sighting.Key, sighting.Tag, sighting.Digest, announced.Digest, sighting.Source, sighting.Commit, sighting.CorrelationId, Guid.CreateVersion7());
            await store.SetPendingAsync(observation, cancellationToken);
            await AnnounceAsync(observation, cancellationToken);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    public void RecordError(WatchKey key, string error) => board.Failed(key, error);

    /// <summary>The digest announced last for a watch.</summary>
    public Task<Announced> AnnouncedAsync(WatchKey key, CancellationToken cancellationToken) => store.GetAsync(key, cancellationToken);

    /// <summary>
    /// Announces what an earlier run observed but had not announced before it stopped. What it published and did not
    /// get to mark is confirmed from the announcement log first (<see cref="IAnnouncementPublisher.SettleAsync"/>),
    /// so a stop between publishing and marking never announces a change twice.
    /// </summary>
    public async Task ResumePendingAsync(CancellationToken cancellationToken)
    {
        var before = (await store.PendingAsync(cancellationToken)).Count;
        if (before == 0)
        {
            return;
        }

        await publisher.SettleAsync(cancellationToken);
        var pending = await store.PendingAsync(cancellationToken);
        if (pending.Count < before)
        {
            logger.LogInformation("{Count} announcement(s) published before the last stop and not marked were confirmed from the announcement log: not published again",
                before - pending.Count);
        }

        foreach (var observation in pending)
        {
            var gate = gates.GetOrAdd(observation.Key, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            try
            {
                if ((await store.GetAsync(observation.Key, cancellationToken)).Digest == observation.Digest)
                {
                    continue;
                }

                logger.LogInformation("Announcing {Watch} -> {Digest}, observed before the last stop", observation.Key, observation.Digest);
                await AnnounceAsync(observation, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private async Task AnnounceAsync(Observation observation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var registry = observation.Key.Registry is { } host ? endpoints.Resolve(host).Host : endpoints.Platform.Host;
        using var activity = Activities.StartActivity($"announce {observation.Key}");
        activity?.SetTag("platform.image", observation.Key.Image);
        activity?.SetTag("platform.digest", observation.Digest);
        activity?.SetTag("platform.detected_by", observation.Source.ToString());
        var message = new ImageDigestChanged(
            observation.CorrelationId ?? Guid.CreateVersion7(),
            observation.Key.Image,
            registry,
            observation.Tag,
            observation.PreviousDigest,
            observation.Digest,
            observation.Commit,
            observation.Source,
            now);
        await publisher.PublishAsync(message, observation.AnnouncementId, cancellationToken);
        Failpoints.Crash("watcher.published");
        await store.MarkAnnouncedAsync(observation.Key, observation.Tag, observation.Digest, now, cancellationToken);
        logger.LogInformation("{Watch} changed from {Previous} to {Digest} at tag {Tag} (seen by {Source})",
            observation.Key, observation.PreviousDigest ?? "nothing", observation.Digest, observation.Tag, observation.Source);
    }
}

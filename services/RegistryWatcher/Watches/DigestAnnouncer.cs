using System.Collections.Concurrent;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// Turns what the registry says about a tag into at most one <see cref="ImageDigestChanged"/> per
/// transition, whether a poll, a hint or both saw it, and across restarts.
/// </summary>
public sealed class DigestAnnouncer(
    DigestStore store,
    IAnnouncementPublisher publisher,
    PlatformRegistry registry,
    TimeProvider time,
    ILogger<DigestAnnouncer> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentDictionary<WatchKey, WatchState> status = new();

    public IReadOnlyCollection<WatchState> Status => [.. status.Values];

    /// <summary>Records what the registry answered; announces when it differs from the digest announced last.</summary>
    /// <returns>True when a change was announced.</returns>
    public async Task<bool> ObserveAsync(
        WatchKey key, string digest, DigestSource source, string? commit, Guid? correlationId, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (announced, changedAt) = await store.GetAsync(key, cancellationToken);
            var now = time.GetUtcNow();
            if (announced == digest)
            {
                status[key] = new WatchState(key, digest, changedAt, now, null);
                return false;
            }

            var observation = new Observation(key, digest, announced, source, commit, correlationId);
            await store.SetPendingAsync(observation, cancellationToken);
            await AnnounceAsync(observation, cancellationToken);
            status[key] = new WatchState(key, digest, now, now, null);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    public void RecordError(WatchKey key, string error) =>
        status.AddOrUpdate(
            key,
            k => new WatchState(k, null, null, time.GetUtcNow(), error),
            (_, old) => old with { LastCheckedAt = time.GetUtcNow(), LastError = error });

    /// <summary>Announces what an earlier run observed but may not have announced before it stopped.</summary>
    public async Task ResumePendingAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var observation in await store.PendingAsync(cancellationToken))
            {
                logger.LogInformation("Announcing {Watch} -> {Digest}, observed before the last stop", observation.Key, observation.Digest);
                await AnnounceAsync(observation, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task AnnounceAsync(Observation observation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = new ImageDigestChanged(
            observation.CorrelationId ?? Guid.CreateVersion7(),
            observation.Key.Image,
            registry.Host,
            observation.Key.Tag,
            observation.PreviousDigest,
            observation.Digest,
            observation.Commit,
            observation.Source,
            now);
        await publisher.PublishAsync(message, cancellationToken);
        await store.MarkAnnouncedAsync(observation.Key, observation.Digest, now, cancellationToken);
        logger.LogInformation("{Watch} changed from {Previous} to {Digest} (seen by {Source})",
            observation.Key, observation.PreviousDigest ?? "nothing", observation.Digest, observation.Source);
    }
}

using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Registry;
using Platform.RegistryWatcher.Policies;

namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// What is watched: the configured tags of every catalogue image, the upstream images the catalogue's
/// Dockerfiles start from, and the configured watches (images that deployments name); worked out again
/// when the followed revision moves. The revision is read (one git process) at most once per
/// <see cref="RevisionCheckInterval"/>, and by one caller for all who ask meanwhile: a burst of webhooks
/// costs one git process a second, not one per event.
/// </summary>
public sealed class WatchList(CatalogSource catalog, PlatformRegistry platform, IOptions<WatcherOptions> options, TimeProvider time, ILogger<WatchList> logger)
{
    /// <summary>How long a reading of the followed revision is used before it is read again.</summary>
    public static readonly TimeSpan RevisionCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock sync = new();
    private readonly HashSet<string> reportedProblems = [];
    private (string Commit, IReadOnlyList<Watch> Watches)? current;
    private DateTimeOffset readAt = DateTimeOffset.MinValue;
    private Task<IReadOnlyList<Watch>>? reading;

    public async Task<IReadOnlyList<Watch>> CurrentAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<Watch>> read;
        lock (sync)
        {
            if (current is { } known && time.GetUtcNow() - readAt < RevisionCheckInterval)
            {
                return known.Watches;
            }

            // Started outside the lock; the callers that come while it runs wait for the same reading.
            read = reading ??= Task.Run(ReadAsync, CancellationToken.None);
        }

        return await read.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<Watch>> ReadAsync()
    {
        try
        {
            return await ReadRevisionAsync();
        }
        finally
        {
            lock (sync)
            {
                reading = null;
            }
        }
    }

    private async Task<IReadOnlyList<Watch>> ReadRevisionAsync()
    {
        var startedAt = time.GetUtcNow();
        var snapshot = await catalog.GetAsync(CancellationToken.None);
        lock (sync)
        {
            if (current is { } known && known.Commit == snapshot.Commit)
            {
                readAt = startedAt;
                return known.Watches;
            }
        }

        var watches = Build(snapshot);
        lock (sync)
        {
            (current, readAt) = ((snapshot.Commit, watches), startedAt);
        }

        logger.LogInformation("Watching {Count} tag(s) at {Commit}: {Watches}", watches.Count, snapshot.Commit[..Math.Min(7, snapshot.Commit.Length)],
            string.Join(", ", watches.Select(w => $"{w} [{w.Origin}]")));
        return watches;
    }

    /// <summary>The builder pushed an image of this commit: a mirror that lacks it fetches now, so that a new image is watched at once.</summary>
    public async Task CatchUpAsync(string commit, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (current?.Commit == commit)
            {
                return;
            }
        }

        if (await catalog.CatchUpAsync(commit, cancellationToken))
        {
            lock (sync)
            {
                // The followed revision may have moved with the fetch: the next ask reads it, whatever the interval.
                readAt = DateTimeOffset.MinValue;
            }
        }
    }

    public async Task<Watch?> FindAsync(WatchKey key, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).FirstOrDefault(w => w.Key == key);

    public async Task<bool> IsWatchedAsync(WatchKey key, CancellationToken cancellationToken) =>
        await FindAsync(key, cancellationToken) is not null;

    /// <summary>The watches of a repository in a registry (null: the platform registry), whatever their tag or policy.</summary>
    public async Task<IReadOnlyList<Watch>> OfRepositoryAsync(string? registry, string repository, CancellationToken cancellationToken) =>
        [.. (await CurrentAsync(cancellationToken)).Where(w => w.Key.Image == repository && SameRegistry(w.Key.Registry, registry))];

    /// <summary>A registry as references write it, or null when it is the platform registry.</summary>
    public string? Qualify(string? registry) =>
        registry is null || string.Equals(registry, platform.Host, StringComparison.OrdinalIgnoreCase) ? null : registry;

    private List<Watch> Build(ImageCatalog snapshot)
    {
        var settings = options.Value;
        var watches = new List<Watch>();
        var keys = new HashSet<WatchKey>();
        void Add(Watch watch)
        {
            if (keys.Add(watch.Key))
            {
                watches.Add(watch);
            }
        }

        foreach (var image in snapshot.Images)
        {
            foreach (var tag in settings.Tags)
            {
                Add(new Watch(new WatchKey(image.Spec.Name, tag), new DigestPolicy(tag), WatchOrigin.Catalogue, settings.PollInterval, []));
            }
        }

        foreach (var (index, entry) in settings.Watches.Index())
        {
            if (entry.Resolve($"{WatcherOptions.Section}:Watches:{index}") is ({ } target, _))
            {
                var registry = Qualify(target.Registry);
                var interval = registry is null || RegistryEndpoints.IsLoopback(registry) ? settings.PollInterval : settings.UpstreamPollInterval;
                Add(new Watch(new WatchKey(target.Repository, target.Policy.Key, registry), target.Policy, WatchOrigin.Configured, interval, []));
            }
        }

        if (settings.Upstream.Enabled)
        {
            var ignored = settings.Upstream.Ignore.Select(Normalize).ToHashSet(StringComparer.Ordinal);
            foreach (var upstream in snapshot.UpstreamImages)
            {
                if (ignored.Contains(Normalize(upstream.Reference)))
                {
                    continue;
                }

                if (!ImageReference.TryParse(upstream.Reference, out var reference, out var error))
                {
                    ReportOnce($"Not watching the upstream image '{upstream.Reference}' of {string.Join(", ", upstream.UsedBy)}: {error}");
                    continue;
                }

                if (reference.Tag is null)
                {
                    // Pinned by digest only: nothing can change under it.
                    continue;
                }

                var policy = new DigestPolicy(reference.Tag);
                Add(new Watch(new WatchKey(reference.Repository, policy.Key, Qualify(reference.Registry)), policy, WatchOrigin.Upstream,
                    settings.UpstreamPollInterval, upstream.UsedBy));
            }
        }

        return watches;
    }

    private void ReportOnce(string problem)
    {
        lock (sync)
        {
            if (!reportedProblems.Add(problem))
            {
                return;
            }
        }

        logger.LogWarning("{Problem}", problem);
    }

    private static string Normalize(string reference) => ImageReference.TryParse(reference, out var parsed) ? parsed.ToString() : reference;

    private static bool SameRegistry(string? watched, string? registry) =>
        watched == registry || (watched is not null && registry is not null
            && (string.Equals(watched, registry, StringComparison.OrdinalIgnoreCase) || (ImageReference.IsDockerHub(watched) && ImageReference.IsDockerHub(registry))));
}

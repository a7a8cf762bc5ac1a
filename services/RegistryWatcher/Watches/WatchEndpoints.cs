namespace Platform.RegistryWatcher.Watches;

public static class WatchEndpoints
{
    /// <summary>
    /// <c>GET /api/watches</c>: every watch with its policy and origin, the tag that wins and the digest
    /// announced, the last and next check and the last error.
    /// </summary>
    public static IEndpointRouteBuilder MapWatchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/watches", async (WatchList watches, DigestAnnouncer announcer, WatchBoard board, Platform.Registry.RegistryEndpoints registries, CancellationToken cancellationToken) =>
        {
            var result = new List<WatchState>();
            foreach (var watch in await watches.CurrentAsync(cancellationToken))
            {
                var announced = await announcer.AnnouncedAsync(watch.Key, cancellationToken);
                var progress = board.Of(watch.Key);
                result.Add(new WatchState(
                    watch.Key.Registry is { } registry ? registries.Resolve(registry).Host : registries.Platform.Host,
                    watch.Key.Image,
                    watch.Key.Tag,
                    watch.Policy.Kind,
                    watch.Origin,
                    watch.UsedBy,
                    announced.Tag ?? progress.Tag,
                    announced.Digest,
                    announced.ChangedAt,
                    progress.LastCheckedAt,
                    progress.NextCheckAt,
                    progress.LastError));
            }

            return Results.Ok(result);
        });
        return endpoints;
    }
}

/// <summary>One watch as <c>GET /api/watches</c> shows it.</summary>
/// <param name="Registry">The registry the watch asks: the platform registry's host, an API host (registry-1.docker.io) or a mirror.</param>
/// <param name="Watch">The tag followed, or the tag policy (<c>semver ^1.2</c>, <c>regex ^build-(\d+)$</c>).</param>
/// <param name="Tag">The tag that won: the one whose digest was announced.</param>
public sealed record WatchState(
    string Registry,
    string Image,
    string Watch,
    string Policy,
    WatchOrigin Origin,
    IReadOnlyList<string> UsedBy,
    string? Tag,
    string? AnnouncedDigest,
    DateTimeOffset? LastChangedAt,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? NextCheckAt,
    string? LastError);

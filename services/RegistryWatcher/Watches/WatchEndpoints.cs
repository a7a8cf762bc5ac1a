using Platform.Contracts.Api;

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
            var result = new List<WatchDocument>();
            foreach (var watch in await watches.CurrentAsync(cancellationToken))
            {
                var announced = await announcer.AnnouncedAsync(watch.Key, cancellationToken);
                var progress = board.Of(watch.Key);
                result.Add(new WatchDocument(
                    watch.Key.Registry is { } registry ? registries.Resolve(registry).Host : registries.Platform.Host,
                    watch.Key.Image,
                    watch.Key.Tag,
                    watch.Policy.Kind,
                    watch.Origin.ToString(),
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

namespace Platform.RegistryWatcher.Watches;

public static class WatchEndpoints
{
    /// <summary><c>GET /api/watches</c>: every watched tag with its announced digest, last check and last error.</summary>
    public static IEndpointRouteBuilder MapWatchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/watches", async (WatchList watches, DigestAnnouncer announcer, DigestStore store, CancellationToken cancellationToken) =>
        {
            var status = announcer.Status.ToDictionary(s => s.Key);
            var result = new List<WatchState>();
            foreach (var key in await watches.CurrentAsync(cancellationToken))
            {
                var (announced, changedAt) = await store.GetAsync(key, cancellationToken);
                result.Add(status.TryGetValue(key, out var known)
                    ? known with { AnnouncedDigest = announced, LastChangedAt = changedAt }
                    : new WatchState(key, announced, changedAt, null, null));
            }

            return Results.Ok(result);
        });
        return endpoints;
    }
}

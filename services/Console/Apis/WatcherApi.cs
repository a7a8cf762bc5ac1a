using Platform.Contracts.Api;

namespace Platform.Console.Apis;

/// <summary>The registry watcher's API.</summary>
public sealed class WatcherApi(HttpClient http, ApiCache cache) : ServiceApi(http, cache, "registry-watcher")
{
    public Task<Answer<List<WatchDocument>>> WatchesAsync(CancellationToken cancellationToken) =>
        GetAsync<List<WatchDocument>>("/api/watches", cancellationToken);
}

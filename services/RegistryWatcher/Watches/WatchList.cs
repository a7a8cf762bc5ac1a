using Microsoft.Extensions.Options;
using Platform.Catalog;

namespace Platform.RegistryWatcher.Watches;

/// <summary>What is watched: the configured tags of every image of the catalogue at the followed revision.</summary>
public sealed class WatchList(CatalogSource catalog, IOptions<WatcherOptions> options, ILogger<WatchList> logger)
{
    private string? loggedCommit;

    public async Task<IReadOnlyList<WatchKey>> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = await catalog.GetAsync(cancellationToken);
        if (current.Commit != loggedCommit)
        {
            loggedCommit = current.Commit;
            logger.LogInformation("Watching {Count} image(s) at {Commit}: {Images}", current.Images.Count, current.Commit[..7],
                string.Join(", ", current.Images.Select(i => i.Spec.Name)));
        }

        return [.. current.Images.SelectMany(i => options.Value.Tags.Select(tag => new WatchKey(i.Spec.Name, tag)))];
    }

    public async Task<bool> IsWatchedAsync(WatchKey key, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Contains(key);
}

using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// Contents of the small files the catalogue reads (specs, Dockerfiles, .dockerignore), by blob id: a
/// blob never changes, so what was read once is never read again, and what is missing is read in one batch.
/// </summary>
public sealed class BlobCache(GitRepository repository)
{
    private readonly Dictionary<string, string> contents = new(StringComparer.Ordinal);

    public async Task PrefetchAsync(IEnumerable<string?> objectIds, CancellationToken cancellationToken)
    {
        var missing = objectIds.OfType<string>().Where(id => !contents.ContainsKey(id)).ToList();
        foreach (var (id, text) in await repository.ReadBlobsAsync(missing, cancellationToken))
        {
            contents[id] = text;
        }

        if (missing.FirstOrDefault(id => !contents.ContainsKey(id)) is { } unreadable)
        {
            var fetch = repository.LastFetchError is { } error ? $"; fetching it failed: {error}" : "";
            throw new GitException($"git cannot read blob {unreadable} in {repository.Path}: the repository lacks it (a partial clone that cannot fetch, or a damaged object store){fetch}");
        }
    }

    /// <summary>The content of a prefetched blob; null for a null id.</summary>
    public string? Get(string? objectId) =>
        objectId is null ? null
        : contents.TryGetValue(objectId, out var text) ? text
        : throw new InvalidOperationException($"blob {objectId} was not prefetched");
}

using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Index;
using Platform.Catalog.Remote;

namespace Platform.Builder.Workers;

/// <summary>The catalogue at the commit a build command names, from this instance's own clone (or mirror) of the repository.</summary>
public sealed class WorkerCatalog(CatalogRepository repository, IOptions<CatalogOptions> options)
{
    private readonly CatalogCursor cursor = new(repository.Git, options.Value.ImagesRoot, options.Value.BuildArgs);

    public async Task<ImageCatalog> AtAsync(string commit, CancellationToken cancellationToken)
    {
        // Another machine's clone, or this instance's mirror, may be behind the coordinator's: fetch before giving up.
        await repository.EnsureCommitAsync(commit, cancellationToken);

        return await cursor.AtAsync(commit, cancellationToken);
    }
}

using Microsoft.Extensions.Options;
using Platform.Catalog.Index;
using Platform.Catalog.Remote;

namespace Platform.Catalog;

/// <summary>
/// The catalogue at the followed revision (<c>Catalog:Ref</c>), moved forward by the diff only when that revision moves.
/// A remote's mirror is fetched first when a fetch is due.
/// </summary>
public sealed class CatalogSource(CatalogRepository repository, IOptions<CatalogOptions> options)
{
    private readonly CatalogCursor cursor = new(repository.Git, options.Value.ImagesRoot, options.Value.BuildArgs);

    public async Task<ImageCatalog> GetAsync(CancellationToken cancellationToken)
    {
        await repository.RefreshAsync(cancellationToken);
        return await cursor.AtAsync(await repository.Git.ResolveCommitAsync(options.Value.Ref, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A message names a commit (the builder planned it): when the mirror lacks it, fetch now, so that the next
    /// <see cref="GetAsync"/> sees what the builder saw. False when the repository still does not have it.
    /// </summary>
    public Task<bool> CatchUpAsync(string commit, CancellationToken cancellationToken) =>
        repository.EnsureCommitAsync(commit, cancellationToken);
}

using Microsoft.Extensions.Options;
using Platform.Catalog.Git;
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
        var followed = new FollowedRevision(options.Value.Ref);
        var commit = await followed.ResolveCommitAsync(repository.Git, cancellationToken)
            ?? throw new GitException(followed.IsPattern
                ? $"Catalog:Ref {followed}: no tag of {repository.Address} matches it yet"
                : $"Catalog:Ref {followed} names nothing in {repository.Address} (a branch that was deleted, or a name that never existed)");
        return await cursor.AtAsync(commit, cancellationToken);
    }

    /// <summary>
    /// A message names a commit (the builder planned it): when the mirror lacks it, fetch now, so that the next
    /// <see cref="GetAsync"/> sees what the builder saw. False when the repository still does not have it.
    /// </summary>
    public Task<bool> CatchUpAsync(string commit, CancellationToken cancellationToken) =>
        repository.EnsureCommitAsync(commit, cancellationToken);
}

using Microsoft.Extensions.Options;
using Platform.Catalog.Git;
using Platform.Catalog.Index;

namespace Platform.Catalog;

/// <summary>The catalogue at the followed revision (<c>Catalog:Ref</c>), moved forward by the diff only when that revision moves.</summary>
public sealed class CatalogSource(GitRepository repository, IOptions<CatalogOptions> options)
{
    private readonly CatalogCursor cursor = new(repository, options.Value.ImagesRoot, options.Value.BuildArgs);

    public async Task<ImageCatalog> GetAsync(CancellationToken cancellationToken) =>
        await cursor.AtAsync(await repository.ResolveCommitAsync(options.Value.Ref, cancellationToken), cancellationToken);
}

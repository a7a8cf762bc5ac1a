using Microsoft.Extensions.Options;
using Platform.Catalog.Git;
using Platform.Catalog.Index;

namespace Platform.Catalog;

/// <summary>The catalogue at the followed revision (<c>Catalog:Ref</c>), moved forward by the diff only when that revision moves.</summary>
public sealed class CatalogSource(GitRepository repository, IOptions<CatalogOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private CatalogIndex? index;

    public async Task<ImageCatalog> GetAsync(CancellationToken cancellationToken)
    {
        var commit = await repository.ResolveCommitAsync(options.Value.Ref, cancellationToken);
        if (index?.Commit == commit)
        {
            return index.Catalog;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (index is null)
            {
                index = await CatalogIndex.LoadAsync(repository, commit, options.Value.ImagesRoot, options.Value.BuildArgs, cancellationToken);
            }
            else
            {
                await index.MoveToAsync(commit, cancellationToken);
            }

            return index.Catalog;
        }
        finally
        {
            gate.Release();
        }
    }
}

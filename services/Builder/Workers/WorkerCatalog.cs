using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Index;

namespace Platform.Builder.Workers;

/// <summary>The catalogue at the commit a build command names, from this instance's own clone of the repository.</summary>
public sealed class WorkerCatalog(GitRepository repository, IOptions<CatalogOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private CatalogIndex? index;

    public async Task<ImageCatalog> AtAsync(string commit, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!await repository.ContainsCommitAsync(commit, cancellationToken))
            {
                // Another machine's clone may be behind the coordinator's: fetch before giving up.
                await repository.RunAsync(["fetch", "--quiet", "--all"], cancellationToken);
            }

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

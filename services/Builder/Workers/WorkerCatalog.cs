using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Index;

namespace Platform.Builder.Workers;

/// <summary>The catalogue at the commit a build command names, from this instance's own clone of the repository.</summary>
public sealed class WorkerCatalog(GitRepository repository, IOptions<CatalogOptions> options)
{
    private readonly CatalogCursor cursor = new(repository, options.Value.ImagesRoot, options.Value.BuildArgs);

    public async Task<ImageCatalog> AtAsync(string commit, CancellationToken cancellationToken)
    {
        if (!await repository.ContainsCommitAsync(commit, cancellationToken))
        {
            // Another machine's clone may be behind the coordinator's: fetch before giving up.
            await repository.RunAsync(["fetch", "--quiet", "--all"], cancellationToken);
        }

        return await cursor.AtAsync(commit, cancellationToken);
    }
}

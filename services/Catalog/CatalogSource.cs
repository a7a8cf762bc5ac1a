using Microsoft.Extensions.Options;
using Platform.Catalog.Git;

namespace Platform.Catalog;

/// <summary>The catalogue at the followed revision, read again only when that revision moves.</summary>
public sealed class CatalogSource(GitRepository repository, CatalogReader reader, IOptions<CatalogOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private ImageCatalog? current;

    public async Task<ImageCatalog> GetAsync(CancellationToken cancellationToken)
    {
        var commit = await repository.ResolveCommitAsync(options.Value.Ref, cancellationToken);
        if (current?.Commit == commit)
        {
            return current;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current?.Commit != commit)
            {
                current = await reader.ReadAsync(commit, cancellationToken);
            }

            return current;
        }
        finally
        {
            gate.Release();
        }
    }
}

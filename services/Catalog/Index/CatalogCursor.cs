using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// A catalogue index that one owner moves from commit to commit: loaded at the first commit asked
/// for, then moved by the diff. Safe to call from several threads (one move at a time).
/// </summary>
public sealed class CatalogCursor(GitRepository repository, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private CatalogIndex? index;

    /// <summary>The commit the cursor is at, or null before the first move.</summary>
    public string? Commit => index?.Commit;

    public async Task<ImageCatalog> AtAsync(string commit, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (index is null)
            {
                index = await CatalogIndex.LoadAsync(repository, commit, imagesRoot, buildArgs, cancellationToken);
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

using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// A catalogue index that one owner moves from commit to commit: loaded at the first commit asked
/// for, then moved by the diff. Safe to call from several threads (one move at a time). With a
/// <see cref="CatalogIndexStore"/>, the first load starts from the saved index when there is one to
/// trust (moved to the commit asked for like any other), and every new commit's index is saved in the
/// background for the next start.
/// </summary>
public sealed class CatalogCursor(GitRepository repository, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs, CatalogIndexStore? store = null)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private CatalogIndex? index;
    private string? savedCommit;
    private Task saving = Task.CompletedTask;

    /// <summary>The commit the cursor is at, or null before the first move.</summary>
    public string? Commit => index?.Commit;

    /// <summary>How many images the cursor's index analysed since it was loaded (none for a saved index that did not need moving).</summary>
    public int ImagesAnalysed => index?.ImagesAnalysed ?? 0;

    public async Task<ImageCatalog> AtAsync(string commit, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (index is null && store is not null && await store.LoadAsync(repository, imagesRoot, buildArgs, cancellationToken) is { } saved)
            {
                index = saved;
                savedCommit = saved.Commit;
            }

            if (index is null)
            {
                index = await CatalogIndex.LoadAsync(repository, commit, imagesRoot, buildArgs, cancellationToken);
            }
            else
            {
                await index.MoveToAsync(commit, cancellationToken);
            }

            if (store is not null && index.Commit != savedCommit)
            {
                savedCommit = index.Commit;
                saving = SaveAfterAsync(saving, store, index.Snapshot());
            }

            return index.Catalog;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Completes when the index of the last commit asked for is written (at once without a store).</summary>
    public Task SavedAsync() => saving;

    /// <summary>Writes after the save before it, off the planning path; the store logs what fails.</summary>
    private async Task SaveAfterAsync(Task previous, CatalogIndexStore into, IndexSnapshot snapshot)
    {
        await previous;
        await Task.Run(() => into.SaveAsync(repository, snapshot, CancellationToken.None));
    }
}

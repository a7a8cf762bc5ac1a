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
    private bool triedSaved;
    private readonly Lock saves = new();
    private string? savedCommit;
    private IndexSnapshot? unsaved;
    private bool writing;
    private Task saving = Task.CompletedTask;

    /// <summary>The commit the cursor is at, or null before the first move.</summary>
    public string? Commit => index?.Commit;

    /// <summary>How many images the cursor's index analysed since it was loaded (none for a saved index that did not need moving).</summary>
    public int ImagesAnalysed => index?.ImagesAnalysed ?? 0;

    /// <summary>
    /// Loads the saved index, if there is one to trust, before any commit is asked for: a builder calls it when it starts,
    /// so that the first commit after a restart is moved from memory like any other. Returns the saved commit, or null.
    /// </summary>
    public async Task<string?> LoadSavedAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await LoadSavedUnderGateAsync(cancellationToken);
            return index?.Commit;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<ImageCatalog> AtAsync(string commit, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await LoadSavedUnderGateAsync(cancellationToken);

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
                Save(store, index.Snapshot());
            }

            return index.Catalog;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task LoadSavedUnderGateAsync(CancellationToken cancellationToken)
    {
        if (index is null && !triedSaved && store is not null)
        {
            var saved = await store.LoadAsync(repository, imagesRoot, buildArgs, cancellationToken);
            triedSaved = true;
            if (saved is not null)
            {
                index = saved;
                savedCommit = saved.Commit;
            }
        }
    }

    /// <summary>Completes when the index of the last commit asked for is written (at once without a store).</summary>
    public Task SavedAsync()
    {
        lock (saves)
        {
            return saving;
        }
    }

    /// <summary>
    /// Writes off the planning path, one file at a time: a snapshot that comes while one is written waits, and a newer one
    /// replaces it, so that commits in quick succession cost one save each at most. The store logs what fails.
    /// </summary>
    private void Save(CatalogIndexStore into, IndexSnapshot snapshot)
    {
        lock (saves)
        {
            unsaved = snapshot;
            if (!writing)
            {
                writing = true;
                saving = Task.Run(() => SaveAllAsync(into));
            }
        }
    }

    private async Task SaveAllAsync(CatalogIndexStore into)
    {
        while (true)
        {
            IndexSnapshot? next;
            lock (saves)
            {
                (next, unsaved) = (unsaved, null);
                writing = next is not null;
            }

            if (next is null)
            {
                return;
            }

            await into.SaveAsync(repository, next, CancellationToken.None);
        }
    }
}

using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// A catalogue index that one owner moves from commit to commit: loaded at the first commit asked
/// for, then moved by the diff. Safe to call from several threads (one move at a time). With a
/// <see cref="CatalogIndexStore"/>, the first load starts from the saved index when there is one to
/// trust (moved to the commit asked for like any other), and the index is saved in the background for the
/// next start: the first commit's at once, then the newest at most once per <paramref name="saveInterval"/>
/// (a write of a large index costs a tenth of a second of CPU and a full collection; a restart from an index a
/// few commits old only moves it by a longer diff). <see cref="SavedAsync"/> writes what is left at once.
/// </summary>
/// <param name="saveInterval">The least time between two writes of the index; <see cref="DefaultSaveInterval"/> when null.</param>
public sealed class CatalogCursor(
    GitRepository repository, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs, CatalogIndexStore? store = null, TimeSpan? saveInterval = null)
    : IAsyncDisposable
{
    public static readonly TimeSpan DefaultSaveInterval = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim gate = new(1, 1);
    private CatalogIndex? index;
    private bool triedSaved;
    private readonly Lock saves = new();
    private string? savedCommit;
    private IndexSnapshot? unsaved;
    private bool writing;
    private Task saving = Task.CompletedTask;
    private CancellationTokenSource pause = new();
    private DateTimeOffset lastWrite = DateTimeOffset.MinValue;

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

    /// <summary>
    /// Loads the saved index, if there is one to trust, and runs the path every next commit takes once, off that commit's
    /// path: the index is moved to its commit's first parent (a real diff, the touched images analysed, the catalogue
    /// assembled) and back, nothing saved. A new process compiles that code on first use; a commit that comes after a
    /// restart is then moved by code that has run before. Returns the saved commit (where the cursor is), or null.
    /// </summary>
    public async Task<string?> WarmUpAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await LoadSavedUnderGateAsync(cancellationToken);
            if (index is null)
            {
                return null;
            }

            var saved = index.Commit;
            if (await repository.TryResolveCommitAsync(saved + "^1", cancellationToken) is { } first)
            {
                await index.MoveToAsync(first, cancellationToken);
                await index.MoveToAsync(saved, cancellationToken);
            }

            return saved;
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

    /// <summary>Writes the index of the last commit asked for now, without waiting for the interval; completes when it is written (at once without a store).</summary>
    public Task SavedAsync()
    {
        lock (saves)
        {
            pause.Cancel();
            return saving;
        }
    }

    /// <summary>Writes what is not saved yet (a builder that stops keeps its last commit's index).</summary>
    public async ValueTask DisposeAsync() => await SavedAsync();

    /// <summary>
    /// Writes off the planning path, one file at a time: a snapshot that comes while one is written, or before the interval
    /// since the last write is over, waits, and a newer one replaces it. The store logs what fails.
    /// </summary>
    private void Save(CatalogIndexStore into, IndexSnapshot snapshot)
    {
        lock (saves)
        {
            unsaved = snapshot;
            if (!writing)
            {
                writing = true;
                if (pause.IsCancellationRequested)
                {
                    pause.Dispose();
                    pause = new CancellationTokenSource();
                }

                var cut = pause.Token;
                saving = Task.Run(() => SaveAllAsync(into, cut));
            }
        }
    }

    /// <param name="cut">Cancelled by <see cref="SavedAsync"/>: from then on, this writer writes what comes without waiting.</param>
    private async Task SaveAllAsync(CatalogIndexStore into, CancellationToken cut)
    {
        while (true)
        {
            var wait = lastWrite + (saveInterval ?? DefaultSaveInterval) - TimeProvider.System.GetUtcNow();
            if (wait > TimeSpan.Zero && !cut.IsCancellationRequested)
            {
                await Task.Delay(wait, cut).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

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
            lastWrite = TimeProvider.System.GetUtcNow();
        }
    }
}

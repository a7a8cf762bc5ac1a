using Platform.Catalog.Index;
using Platform.Testing;

namespace Platform.Catalog.Tests.Index;

/// <summary>
/// When the cursor writes the index for the next start: the first commit's at once, then at most once per interval (the
/// commits in between make one write of the newest), and at once when asked (SavedAsync, a builder that stops).
/// </summary>
public sealed class CursorSaveTests
{
    private static readonly Dictionary<string, string> NoArgs = new(StringComparer.Ordinal);

    [Fact]
    public async Task Commits_within_the_interval_make_one_write_of_the_newest_and_a_stop_writes_it_at_once()
    {
        using var data = new TempDirectory("cursor-save");
        using var repository = await ImageRepository.CreateAsync();
        repository.WriteImage("a", "FROM scratch\nCOPY . /\n");
        var commits = new List<string> { await repository.CommitAsync("one") };
        var store = new CatalogIndexStore(data.Path, new RecordingLogger<CatalogIndexStore>());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cursor = new CatalogCursor(repository.Git, ImageRepository.ImagesRoot, NoArgs, store, saveInterval: TimeSpan.FromHours(1));

        await cursor.AtAsync(commits[0], cts.Token);
        // The first commit's index is written at once: a builder that crashes soon after its first plan keeps it.
        Assert.Equal(commits[0], await SavedCommitAsync(store, repository, cts.Token, waitFor: commits[0]));

        for (var i = 0; i < 3; i++)
        {
            repository.Write($"images/a/file-{i}.txt", $"{i}\n");
            commits.Add(await repository.CommitAsync($"change {i}"));
            await cursor.AtAsync(commits[^1], cts.Token);
        }

        // Within the interval nothing more is written: the saved index is still the first commit's.
        await Task.Delay(500, cts.Token);
        Assert.Equal(commits[0], await SavedCommitAsync(store, repository, cts.Token));

        // Stopping writes the newest at once, without waiting out the hour.
        await cursor.DisposeAsync().AsTask().WaitAsync(cts.Token);
        Assert.Equal(commits[^1], await SavedCommitAsync(store, repository, cts.Token));
    }

    [Fact]
    public async Task After_the_interval_the_newest_commit_is_written_without_being_asked()
    {
        using var data = new TempDirectory("cursor-save");
        using var repository = await ImageRepository.CreateAsync();
        repository.WriteImage("a", "FROM scratch\nCOPY . /\n");
        var first = await repository.CommitAsync("one");
        var store = new CatalogIndexStore(data.Path, new RecordingLogger<CatalogIndexStore>());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cursor = new CatalogCursor(repository.Git, ImageRepository.ImagesRoot, NoArgs, store, saveInterval: TimeSpan.FromSeconds(1));

        await cursor.AtAsync(first, cts.Token);
        await SavedCommitAsync(store, repository, cts.Token, waitFor: first);
        repository.Write("images/a/more.txt", "more\n");
        var second = await repository.CommitAsync("two");
        await cursor.AtAsync(second, cts.Token);

        Assert.Equal(second, await SavedCommitAsync(store, repository, cts.Token, waitFor: second));
    }

    /// <summary>The commit of the saved index (read as a restarted builder reads it); with <paramref name="waitFor"/>, polled until it is that one.</summary>
    private static async Task<string?> SavedCommitAsync(CatalogIndexStore store, ImageRepository repository, CancellationToken cancellationToken, string? waitFor = null)
    {
        while (true)
        {
            var saved = (await store.LoadAsync(repository.Git, ImageRepository.ImagesRoot, NoArgs, cancellationToken))?.Commit;
            if (waitFor is null || saved == waitFor)
            {
                return saved;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}

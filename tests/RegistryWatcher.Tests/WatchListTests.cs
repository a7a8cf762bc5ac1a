using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Remote;
using Platform.Registry;
using Platform.RegistryWatcher.Watches;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// The watch list reads the followed revision (a git process) at most once a second. Found by the load run
/// (bench/run.sh load-webhooks): every push event of a webhook burst started its own git process, which took
/// as much CPU as the watcher itself.
/// </summary>
public sealed class WatchListTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_commit_is_seen_once_the_last_reading_is_a_second_old_and_not_before()
    {
        using var repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("images/one/image.yaml", "name: team/one\n");
        repository.WriteFile("images/one/Dockerfile", "FROM scratch\n");
        await repository.CommitAllAsync("one image");
        var time = new ManualTime();
        var watches = List(repository.Path, time);

        var first = await watches.CurrentAsync(CancellationToken.None).WaitAsync(Timeout);
        repository.WriteFile("images/two/image.yaml", "name: team/two\n");
        repository.WriteFile("images/two/Dockerfile", "FROM scratch\n");
        await repository.CommitAllAsync("a second image");
        time.Advance(TimeSpan.FromMilliseconds(900));
        var cached = await watches.CurrentAsync(CancellationToken.None).WaitAsync(Timeout);
        time.Advance(TimeSpan.FromMilliseconds(200));
        var read = await watches.CurrentAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["team/one"], first.Select(w => w.Key.Image));
        Assert.Same(first, cached);
        Assert.Equal(["team/one", "team/two"], read.Select(w => w.Key.Image).Order());
    }

    [Fact]
    public async Task Callers_that_ask_at_once_share_one_reading()
    {
        using var repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("images/one/image.yaml", "name: team/one\n");
        repository.WriteFile("images/one/Dockerfile", "FROM scratch\n");
        await repository.CommitAllAsync("one image");
        var watches = List(repository.Path, new ManualTime());

        var all = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => watches.CurrentAsync(CancellationToken.None))).WaitAsync(Timeout);

        Assert.All(all, list => Assert.Same(all[0], list));
    }

    private static WatchList List(string repository, TimeProvider time)
    {
        var catalog = Options.Create(new CatalogOptions { Repository = repository });
        var watcher = Options.Create(new WatcherOptions { Upstream = new() { Enabled = false } });
        return new WatchList(new CatalogSource(new CatalogRepository(catalog, time, NullLogger<CatalogRepository>.Instance), catalog), new PlatformRegistry(new Uri("http://127.0.0.1:5000/")), watcher, time,
            NullLogger<WatchList>.Instance);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}

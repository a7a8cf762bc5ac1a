using Platform.Catalog.Index;

namespace Platform.Catalog.Tests.Index;

/// <summary>
/// The index moved from commit to commit (by git diff-tree, analysing only what the diff touches) holds
/// exactly the catalogue that a fresh load at the same commit reads: images, input digests, bases,
/// problems in order and upstream images. Random commits with fixed seeds, so a failure replays.
/// </summary>
public sealed class IncrementalIndexTests
{
    private const int Steps = 45;

    private static readonly Dictionary<string, string> BuildArgs = new(StringComparer.Ordinal) { ["ROOT_IMAGE"] = "python:3.12-slim" };

    [Theory]
    [InlineData(1)]
    [InlineData(20261126)]
    [InlineData(424242)]
    public Task An_index_moved_through_random_commits_agrees_with_a_fresh_load_at_every_commit(int seed) =>
        WalkAsync(seed, restarts: false);

    /// <summary>As a builder that restarts now and then: the index is saved, and loaded back from the file, before it moves on.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(31)]
    public Task An_index_saved_and_loaded_back_at_random_commits_agrees_with_a_fresh_load_at_every_commit(int seed) =>
        WalkAsync(seed, restarts: true);

    private static async Task WalkAsync(int seed, bool restarts)
    {
        using var data = new Platform.Testing.TempDirectory("saved-index");
        var store = new CatalogIndexStore(data.Path, new Platform.Testing.RecordingLogger<CatalogIndexStore>());
        var restored = 0;
        using var repository = await ImageRepository.CreateAsync();
        var random = new Random(seed);
        var changes = new RandomChanges(repository, random);
        var start = string.Join("; ", new[] { "a", "b", "grp/e" }.Select(changes.AddImage));
        var commits = new List<string> { await repository.CommitAsync("start") };
        var index = await repository.LoadAsync(commits[0], BuildArgs);
        var seen = new Seen();
        var history = new List<string> { $"start: {start}" };

        for (var step = 1; step <= Steps; step++)
        {
            if (random.Next(8) == 0)
            {
                var from = commits[random.Next(commits.Count)];
                await repository.GitAsync("checkout", "-q", "-B", $"side-{step}", from);
                history.Add($"step {step}: branch side-{step} from {from[..7]}");
            }

            if (restarts && random.Next(3) == 0)
            {
                index = await SavedAndLoadedBackAsync(repository, index, store);
                restored++;
                history.Add($"step {step}: saved and loaded back at {index.Commit[..7]}");
            }

            var made = changes.Make(random.Next(1, 4));
            var commit = await repository.CommitAsync($"step {step}");
            commits.Add(commit);
            history.Add($"step {step} ({commit[..7]}): {made}");
            await AssertAgreesAsync(repository, index, commit, seed, history, seen);

            if (random.Next(5) == 0)
            {
                // Any commit, not only the next one: back in history or onto another branch.
                var other = commits[random.Next(commits.Count)];
                history.Add($"step {step}: move back to {other[..7]}");
                await AssertAgreesAsync(repository, index, other, seed, history, seen);
            }
        }

        // A generator that never made images, problems or dependencies would make this test unable to fail.
        Assert.True(seen.Images >= 3 && seen.Problems >= 3 && seen.Dependencies >= 1 && seen.MaxImages >= 4,
            $"seed {seed} made too little to compare: {seen}");
        Assert.True(!restarts || restored >= 5, $"seed {seed} restarted only {restored} times");
    }

    /// <summary>The index written by the store and read back, which must hold every field of every image as it was, and analyse nothing.</summary>
    private static async Task<CatalogIndex> SavedAndLoadedBackAsync(ImageRepository repository, CatalogIndex index, CatalogIndexStore store)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.SaveAsync(repository.Git, index.Snapshot(), cts.Token);
        var loaded = await store.LoadAsync(repository.Git, ImageRepository.ImagesRoot, BuildArgs, cts.Token);
        Assert.NotNull(loaded);
        Assert.Equal(0, loaded.ImagesAnalysed);
        Assert.Equal(index.Commit, loaded.Commit);
        Assert.Equal(Everything(index.Catalog), Everything(loaded.Catalog));
        return loaded;
    }

    /// <summary>Every public property of the catalogue's images, problems and warnings, so that a field the file forgets shows.</summary>
    private static string Everything(ImageCatalog catalog) =>
        System.Text.Json.JsonSerializer.Serialize(new { catalog.Images, catalog.Problems, catalog.Warnings, catalog.UpstreamImages });

    [Fact]
    public async Task A_large_catalogue_loaded_at_once_across_the_cores_agrees_with_one_built_up_a_few_images_at_a_time()
    {
        using var repository = await ImageRepository.CreateAsync();
        var changes = new RandomChanges(repository, new Random(7));
        var index = await repository.LoadAsync(await repository.CommitAsync("nothing yet"), BuildArgs);
        for (var batch = 0; batch < 8; batch++)
        {
            // Ten images per commit: the index moved by each analyses them one by one.
            for (var i = 0; i < 10; i++)
            {
                repository.WriteImage($"many/b{batch}-{i}", i % 3 == 0
                    ? $"FROM python:3.12-slim\nCOPY . /app\n"
                    : $"FROM {(batch > 0 ? $"team/b{batch - 1}-{i}" : "python:3.12-slim")}\nCOPY app.py /app/\n",
                    $"name: team/b{batch}-{i}\n");
                repository.Write($"{ImageRepository.ImagesRoot}/many/b{batch}-{i}/app.py", $"print({batch * 10 + i})\n");
            }

            changes.Make(2);
            await ImageRepository.MoveAsync(index, await repository.CommitAsync($"batch {batch}"));
        }

        var fresh = (await repository.LoadAsync(index.Commit, BuildArgs)).Catalog;

        Assert.True(fresh.Images.Count >= 80, $"expected at least 80 images for the parallel load, saw {fresh.Images.Count}: {string.Join("; ", fresh.Problems.Take(4))}");
        var expected = CatalogText.Lines(index.Catalog);
        var actual = CatalogText.Lines(fresh);
        if (!expected.SequenceEqual(actual))
        {
            Assert.Fail($"the fresh load differs from the index built up a batch at a time:\n{CatalogText.Difference(expected, actual)}");
        }
    }

    private static async Task AssertAgreesAsync(
        ImageRepository repository, CatalogIndex index, string commit, int seed, List<string> history, Seen seen)
    {
        await ImageRepository.MoveAsync(index, commit);
        var fresh = (await repository.LoadAsync(commit, BuildArgs)).Catalog;
        var expected = CatalogText.Lines(fresh);
        var actual = CatalogText.Lines(index.Catalog);
        if (index.Commit != commit || !expected.SequenceEqual(actual))
        {
            Assert.Fail($"seed {seed}: the index moved to {commit[..7]} (it says it is at {index.Commit[..7]}) differs from a fresh load there:\n" +
                $"{CatalogText.Difference(expected, actual)}\nhistory:\n  {string.Join("\n  ", history)}");
        }

        seen.Add(fresh);
    }

    private sealed class Seen
    {
        public int Images { get; private set; }

        public int MaxImages { get; private set; }

        public int Problems { get; private set; }

        public int Dependencies { get; private set; }

        public void Add(ImageCatalog catalog)
        {
            Images += catalog.Images.Count;
            MaxImages = Math.Max(MaxImages, catalog.Images.Count);
            Problems += catalog.Problems.Count;
            // A dependent of a base that cannot be built is a problem that the dependency caused: it counts too.
            Dependencies += catalog.Images.Sum(i => catalog.CatalogueBases(i.Spec.Name).Count)
                + catalog.Problems.Count(p => p.Message.Contains("cannot be built (see its problem)", StringComparison.Ordinal));
        }

        public override string ToString() =>
            $"{Images} images in all (at most {MaxImages} at once), {Problems} problems, {Dependencies} dependencies";
    }
}

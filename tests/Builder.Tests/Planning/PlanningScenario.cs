using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Planning;
using Platform.Builder.History;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Testing;

namespace Platform.Builder.Tests.Planning;

/// <summary>
/// A real git repository of images and a real build history (SQLite in a temporary folder) with the
/// planner the builder uses on them. Outcomes are recorded by hand, as the build cycle would.
/// </summary>
public sealed class PlanningScenario : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory data;
    private readonly GitRepository git;
    private CommitPlanner planner;

    private PlanningScenario(TempGitRepository repository, TempDirectory data)
    {
        Repository = repository;
        this.data = data;
        git = new GitRepository(repository.Path);
        History = new BuildHistory(new BuilderStore(Options.Create(new BuilderOptions { DataDirectory = data.Path })));
        planner = NewPlanner();
    }

    /// <summary>The builder's data folder, where the planner saves its catalogue index.</summary>
    public string DataDirectory => data.Path;

    /// <summary>What the catalogue index store logged, for every planner of the scenario.</summary>
    public RecordingLogger<CatalogIndexStore> IndexLog { get; } = new();

    /// <summary>How many images the current planner analysed since it started.</summary>
    public int ImagesAnalysed => planner.ImagesAnalysed;

    /// <summary>A new planner on the same data folder, as the builder has after a restart (once the last index is saved).</summary>
    public async Task RestartPlannerAsync()
    {
        await planner.SavedAsync().WaitAsync(Timeout);
        planner = NewPlanner();
    }

    /// <summary>What the builder does at start (<see cref="PlannerWarmUp"/>): the saved commit, or null when nothing was saved.</summary>
    public async Task<string?> WarmUpAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await planner.WarmUpAsync(cts.Token);
    }

    private CommitPlanner NewPlanner() => new(
        git, History, Options.Create(new CatalogOptions { Repository = Repository.Path }),
        new CatalogIndexStore(Path.Combine(data.Path, "catalog-index"), IndexLog));

    public TempGitRepository Repository { get; }

    public BuildHistory History { get; }

    public static async Task<PlanningScenario> CreateAsync() =>
        new(await TempGitRepository.CreateAsync(), new TempDirectory("builder-history"));

    /// <summary>Writes <c>images/{folder}/Dockerfile</c> and, when a name is given, an image.yaml that names it.</summary>
    public void WriteImage(string folder, string dockerfile, string? name = null)
    {
        Repository.WriteFile($"images/{folder}/Dockerfile", dockerfile);
        if (name is not null)
        {
            Repository.WriteFile($"images/{folder}/image.yaml", $"name: {name}\n");
        }
    }

    /// <summary>Reads the catalogue at <paramref name="commit"/> and plans it; fails if the catalogue has problems.</summary>
    public async Task<BuildPlan> PlanAsync(string commit)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var (catalog, plan, _, _) = await planner.PlanAsync(commit, cts.Token);
        Assert.True(catalog.Problems.Count == 0,
            $"expected a catalogue without problems at {commit[..7]}, saw: {string.Join("; ", catalog.Problems)}");
        return plan;
    }

    /// <summary>The plan of a planner that starts with an empty data folder (nothing saved), on the same build history.</summary>
    public async Task<BuildPlan> ColdPlanAsync(string commit)
    {
        using var cold = new TempDirectory("builder-cold-index");
        using var cts = new CancellationTokenSource(Timeout);
        var planner = new CommitPlanner(
            git, History, Options.Create(new CatalogOptions { Repository = Repository.Path }),
            new CatalogIndexStore(cold.Path, new RecordingLogger<CatalogIndexStore>()));
        var plan = (await planner.PlanAsync(commit, cts.Token)).Plan;
        await planner.SavedAsync().WaitAsync(cts.Token);
        return plan;
    }

    public async Task RecordAsync(string image, string commit, BuildOutcome outcome)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var at = DateTimeOffset.UtcNow;
        var succeeded = outcome == BuildOutcome.Succeeded;
        // As the build cycle does: a success records the inputs the image had at that commit.
        var catalog = (await CatalogIndex.LoadAsync(git, commit, "images", new Dictionary<string, string>(), cts.Token)).Catalog;
        var inputs = catalog.Images.Single(i => i.Spec.Name == image).Inputs;
        await History.RecordAsync(
            new BuildRecord(image, commit, Guid.NewGuid(), outcome, "recorded by the test",
                succeeded ? "sha256:" + new string('a', 64) : null,
                succeeded ? null : "build",
                succeeded ? null : "recorded as failed by the test",
                at, at) { Inputs = succeeded ? inputs : null },
            cts.Token);
    }

    /// <summary>The plan as a failure message shows it.</summary>
    public static string Describe(BuildPlan plan) =>
        plan.Builds.Count == 0 ? "no builds" : string.Join(", ", plan.Builds.Select(b => $"{b.Image.Spec.Name} ({b.Reason})"));

    public ValueTask DisposeAsync()
    {
        Repository.Dispose();
        data.Dispose();
        return ValueTask.CompletedTask;
    }
}

using Microsoft.Extensions.Logging;
using Platform.Builder.History;
using Platform.Catalog.Planning;

namespace Platform.Builder.Tests.Planning;

/// <summary>
/// The planner's catalogue index saved in the builder's data folder, on real git repositories: a restarted planner
/// moves the saved index of its last commit instead of analysing every image again, plans what a cold planner plans,
/// and reads everything again when the saved file cannot be trusted.
/// </summary>
public sealed class SavedIndexTests
{
    private const string Busybox = "FROM platform/root:busybox\nCOPY hello.txt /\n";
    private const int Images = 6;

    [Fact]
    public async Task A_restarted_planner_moves_the_saved_index_and_analyses_only_the_image_the_commit_touches()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        var first = await CommitImagesAsync(scenario);
        await scenario.PlanAsync(first);
        Assert.Equal(Images, scenario.ImagesAnalysed);

        await scenario.RestartPlannerAsync();
        scenario.Repository.WriteFile("images/app-3/hello.txt", "changed\n");
        scenario.Repository.WriteFile("images/base/hello.txt", "the base changed\n");
        var next = await scenario.Repository.CommitAllAsync("app-3 and base change");
        var restarted = await scenario.PlanAsync(next);

        Assert.True(scenario.ImagesAnalysed == 2,
            $"expected the restarted planner to analyse only app-3 and base, the images the commit touches, saw {scenario.ImagesAnalysed} analysed");
        Assert.Contains(scenario.IndexLog.Lines, line => line.Level == LogLevel.Information && line.Message.Contains("Loaded the saved catalogue index", StringComparison.Ordinal));
        await AssertSameAsColdAsync(scenario, next, restarted);
    }

    [Fact]
    public async Task A_restarted_builder_warms_its_planner_up_from_the_saved_index_before_any_commit_arrives()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        Assert.Null(await scenario.WarmUpAsync());
        Assert.Equal(0, scenario.ImagesAnalysed);

        var first = await CommitImagesAsync(scenario);
        await scenario.PlanAsync(first);
        await scenario.RestartPlannerAsync();

        Assert.Equal(first, await scenario.WarmUpAsync());
        Assert.Equal(0, scenario.ImagesAnalysed);
        Assert.Contains(scenario.IndexLog.Lines, line => line.Message.Contains("Loaded the saved catalogue index", StringComparison.Ordinal));

        scenario.Repository.WriteFile("images/app-2/hello.txt", "changed\n");
        var next = await scenario.Repository.CommitAllAsync("app-2 changes");
        var plan = await scenario.PlanAsync(next);

        Assert.True(scenario.ImagesAnalysed == 1, $"expected the warmed-up planner to analyse only app-2, saw {scenario.ImagesAnalysed} analysed");
        await AssertSameAsColdAsync(scenario, next, plan);
    }

    [Fact]
    public async Task The_warm_up_runs_the_move_of_the_saved_commit_there_and_back_and_leaves_the_planner_where_it_was()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        await CommitImagesAsync(scenario);
        scenario.Repository.WriteFile("images/app-5/hello.txt", "the last planned commit changes app-5\n");
        var last = await scenario.Repository.CommitAllAsync("app-5 changes");
        await scenario.PlanAsync(last);
        await scenario.RestartPlannerAsync();

        Assert.Equal(last, await scenario.WarmUpAsync());

        // Moved to the parent (app-5 analysed at its old content) and back (at its new one): the diff's image, twice, and
        // nothing else; the saved index was not replaced by the parent's.
        Assert.Equal(2, scenario.ImagesAnalysed);
        await scenario.RestartPlannerAsync();
        var again = await scenario.PlanAsync(last);
        Assert.Equal(0, scenario.ImagesAnalysed);
        await AssertSameAsColdAsync(scenario, last, again);
    }

    [Fact]
    public async Task A_restarted_planner_at_the_saved_commit_analyses_nothing()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        var first = await CommitImagesAsync(scenario);
        var before = await scenario.PlanAsync(first);

        await scenario.RestartPlannerAsync();
        var again = await scenario.PlanAsync(first);

        Assert.Equal(0, scenario.ImagesAnalysed);
        Assert.Equal(PlanningScenario.Describe(before), PlanningScenario.Describe(again));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("damaged")]
    [InlineData("empty")]
    [InlineData("another format version")]
    public async Task A_saved_index_that_cannot_be_trusted_is_ignored_with_a_log_line_and_the_catalogue_is_read_again(string damage)
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        var first = await CommitImagesAsync(scenario);
        await scenario.PlanAsync(first);
        await scenario.RestartPlannerAsync();
        var file = Assert.Single(Directory.GetFiles(Path.Combine(scenario.DataDirectory, "catalog-index")));
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "damaged" => Damaged(bytes),
            "empty" => [],
            _ => OtherVersion(bytes),
        });

        scenario.Repository.WriteFile("images/app-1/hello.txt", "changed\n");
        var next = await scenario.Repository.CommitAllAsync("app-1 changes");
        var plan = await scenario.PlanAsync(next);

        Assert.True(scenario.ImagesAnalysed == Images, $"expected every image analysed again after a {damage} index file, saw {scenario.ImagesAnalysed}");
        Assert.True(scenario.IndexLog.Lines.Any(line => line.Level == LogLevel.Warning && line.Message.Contains("Ignoring the saved catalogue index", StringComparison.Ordinal)),
            $"expected a warning that the {damage} file is ignored, saw: {string.Join(" | ", scenario.IndexLog.Lines.Select(l => l.Message))}");
        await AssertSameAsColdAsync(scenario, next, plan);

        // The next save replaces the bad file with a good one.
        await scenario.RestartPlannerAsync();
        await scenario.PlanAsync(next);
        Assert.Equal(0, scenario.ImagesAnalysed);
    }

    [Fact]
    public async Task A_saved_index_whose_commit_the_repository_lost_is_read_again_from_the_repository()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        var start = await CommitImagesAsync(scenario);
        scenario.Repository.WriteFile("images/app-2/hello.txt", "soon forgotten\n");
        var lost = await scenario.Repository.CommitAllAsync("a commit a force push removes");
        await scenario.PlanAsync(lost);
        await scenario.RestartPlannerAsync();
        await scenario.Repository.GitAsync("reset", "-q", "--hard", start);
        await scenario.Repository.GitAsync("reflog", "expire", "--expire=now", "--all");
        await scenario.Repository.GitAsync("gc", "-q", "--prune=now");

        scenario.Repository.WriteFile("images/app-4/hello.txt", "changed\n");
        var next = await scenario.Repository.CommitAllAsync("app-4 changes");
        var plan = await scenario.PlanAsync(next);

        Assert.Equal(Images, scenario.ImagesAnalysed);
        await AssertSameAsColdAsync(scenario, next, plan);
    }

    /// <summary>A base and images on it, every one last built at the commit.</summary>
    private static async Task<string> CommitImagesAsync(PlanningScenario scenario)
    {
        scenario.WriteImage("base", Busybox, "base");
        scenario.Repository.WriteFile("images/base/hello.txt", "base\n");
        for (var i = 1; i < Images; i++)
        {
            scenario.WriteImage($"app-{i}", "FROM base\nCOPY hello.txt /\n", $"app-{i}");
            scenario.Repository.WriteFile($"images/app-{i}/hello.txt", $"app {i}\n");
        }

        var commit = await scenario.Repository.CommitAllAsync("a base and five images on it");
        foreach (var name in new[] { "base" }.Concat(Enumerable.Range(1, Images - 1).Select(i => $"app-{i}")))
        {
            await scenario.RecordAsync(name, commit, BuildOutcome.Succeeded);
        }

        return commit;
    }

    /// <summary>The plan of a planner that starts without a saved index (another data folder) is the same, reasons included.</summary>
    private static async Task AssertSameAsColdAsync(PlanningScenario scenario, string commit, BuildPlan plan)
    {
        var cold = await scenario.ColdPlanAsync(commit);
        Assert.Equal(Describe(cold), Describe(plan));
    }

    private static string Describe(BuildPlan plan) =>
        string.Join("; ", plan.Builds.Select(b => $"{b.Image.Spec.Name} wave {b.Wave}: {b.Reason} {b.Image.Inputs.Digest}"));

    private static byte[] Damaged(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[copy.Length / 2] ^= 0x5a;
        return copy;
    }

    /// <summary>The file as a later format would start: the same name, the version number after it changed.</summary>
    private static byte[] OtherVersion(byte[] bytes)
    {
        var copy = bytes.ToArray();
        var versionAt = 1 + "platform catalogue index".Length;
        copy[versionAt] = 99;
        return copy;
    }
}

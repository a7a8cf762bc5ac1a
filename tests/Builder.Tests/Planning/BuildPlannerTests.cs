using Platform.Builder.History;
using Platform.Catalog.Planning;
using Platform.Testing;

namespace Platform.Builder.Tests.Planning;

/// <summary>What the planner decides to build, on real git repositories and a real build history; no Docker.</summary>
public sealed class BuildPlannerTests
{
    private const string Busybox = "FROM platform/root:busybox\nCOPY hello.txt /\n";

    [Fact]
    public async Task An_image_never_built_is_planned_because_it_was_never_built()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        WriteHello(scenario, "hello");
        var commit = await scenario.Repository.CommitAllAsync("hello");

        var plan = await scenario.PlanAsync(commit);

        AssertPlanned(plan, "hello");
        Assert.Equal("never built", plan.Builds[0].Reason);
    }

    [Fact]
    public async Task An_image_whose_folder_changed_since_its_last_successful_build_is_planned_naming_the_changed_file()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        WriteHello(scenario, "app");
        WriteHello(scenario, "other");
        var built = await scenario.Repository.CommitAllAsync("app and other");
        await scenario.RecordAsync("app", built, BuildOutcome.Succeeded);
        await scenario.RecordAsync("other", built, BuildOutcome.Succeeded);

        scenario.Repository.WriteFile("images/app/hello.txt", "hello again\n");
        var changed = await scenario.Repository.CommitAllAsync("app says hello again");
        var plan = await scenario.PlanAsync(changed);

        AssertPlanned(plan, "app");
        AssertReason(plan.Builds[0], "images/app/hello.txt", built[..7]);
    }

    [Fact]
    public async Task An_unchanged_image_is_not_planned_even_when_a_folder_with_a_longer_name_next_to_it_changes()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        WriteHello(scenario, "app");
        WriteHello(scenario, "app-extra");
        var built = await scenario.Repository.CommitAllAsync("app and app-extra");
        await scenario.RecordAsync("app", built, BuildOutcome.Succeeded);
        await scenario.RecordAsync("app-extra", built, BuildOutcome.Succeeded);

        var atTheBuiltCommit = await scenario.PlanAsync(built);
        Assert.True(atTheBuiltCommit.Builds.Count == 0,
            $"expected nothing to build at the commit everything was built at, saw: {PlanningScenario.Describe(atTheBuiltCommit)}");

        scenario.Repository.WriteFile("images/app-extra/hello.txt", "only app-extra changed\n");
        var changed = await scenario.Repository.CommitAllAsync("app-extra changes");
        AssertPlanned(await scenario.PlanAsync(changed), "app-extra");
    }

    [Fact]
    public async Task An_image_whose_last_build_failed_is_planned_again_at_a_later_commit_that_does_not_touch_it()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        WriteHello(scenario, "app");
        WriteHello(scenario, "fresh");
        var first = await scenario.Repository.CommitAllAsync("app and fresh");
        await scenario.RecordAsync("app", first, BuildOutcome.Succeeded);
        await scenario.RecordAsync("fresh", first, BuildOutcome.Failed);

        scenario.Repository.WriteFile("images/app/hello.txt", "a change whose build fails\n");
        var failed = await scenario.Repository.CommitAllAsync("app changes");
        await scenario.RecordAsync("app", failed, BuildOutcome.Failed);
        await scenario.RecordAsync("fresh", failed, BuildOutcome.Failed);

        scenario.Repository.WriteFile("README.md", "Nothing under images/ changes here.\n");
        var later = await scenario.Repository.CommitAllAsync("docs");
        var plan = await scenario.PlanAsync(later);

        AssertPlanned(plan, "app", "fresh");
        AssertReason(plan.Builds[0], "images/app/hello.txt", first[..7]);
        Assert.Equal("never built", plan.Builds[1].Reason);
    }

    [Fact]
    public async Task An_image_whose_last_built_commit_was_lost_to_a_force_push_is_planned_naming_what_differs_from_that_build()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        WriteHello(scenario, "app");
        var kept = await scenario.Repository.CommitAllAsync("app");
        scenario.Repository.WriteFile("images/app/hello.txt", "a change that the force push drops\n");
        var lost = await scenario.Repository.CommitAllAsync("app changes");
        await scenario.RecordAsync("app", lost, BuildOutcome.Succeeded);

        // The branch is rewritten to the older commit plus an unrelated one, and the dropped commit is really gone.
        await scenario.Repository.GitAsync("reset", "-q", "--hard", kept);
        scenario.Repository.WriteFile("README.md", "The rewritten branch.\n");
        var rewritten = await scenario.Repository.CommitAllAsync("docs on the rewritten branch");
        await scenario.Repository.GitAsync("reflog", "expire", "--expire=now", "--all");
        await scenario.Repository.GitAsync("gc", "-q", "--prune=now");
        var (exitCode, output) = await ChildProcess.RunAsync(
            "git", ["-C", scenario.Repository.Path, "cat-file", "-e", lost + "^{commit}"], TimeSpan.FromSeconds(30));
        Assert.True(exitCode != 0, $"expected commit {lost[..7]} to be gone after gc, but git still has it ({output})");

        var plan = await scenario.PlanAsync(rewritten);

        AssertPlanned(plan, "app");
        AssertReason(plan.Builds[0], "images/app/hello.txt", lost[..7]);
    }

    [Fact]
    public async Task A_commit_that_touches_only_files_outside_the_images_root_plans_nothing()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        WriteHello(scenario, "app");
        WriteHello(scenario, "tool");
        var built = await scenario.Repository.CommitAllAsync("app and tool");
        await scenario.RecordAsync("app", built, BuildOutcome.Succeeded);
        await scenario.RecordAsync("tool", built, BuildOutcome.Succeeded);

        scenario.Repository.WriteFile("README.md", "Documentation.\n");
        scenario.Repository.WriteFile("docs/images/app/notes.md", "Notes about app, outside the images root.\n");
        scenario.Repository.WriteFile("images-archive/app/Dockerfile", "FROM platform/root:busybox\n");
        var outside = await scenario.Repository.CommitAllAsync("outside the images root");
        var plan = await scenario.PlanAsync(outside);

        Assert.True(plan.Builds.Count == 0,
            $"expected nothing to build for a commit outside images/, saw: {PlanningScenario.Describe(plan)}");
    }

    [Fact]
    public async Task Bases_are_planned_before_the_images_that_start_from_them_also_through_a_global_arg()
    {
        await using var scenario = await PlanningScenario.CreateAsync();
        // Names sort the other way round, so that name order alone would put every dependent first.
        WriteHello(scenario, "base", name: "zz/base");
        WriteHello(scenario, "mid", name: "mm/mid", dockerfile: "FROM zz/base:latest\nCOPY hello.txt /\n");
        WriteHello(scenario, "app", name: "aa/app", dockerfile: "ARG MID=mm/mid\nFROM ${MID}\nCOPY hello.txt /\n");
        WriteHello(scenario, "other", name: "ab/other",
            dockerfile: "ARG REGISTRY=registry.example:5000\nFROM ${REGISTRY}/zz/base AS build\nFROM build\nCOPY hello.txt /\n");
        WriteHello(scenario, "alone", name: "aa/alone");
        var commit = await scenario.Repository.CommitAllAsync("a chain of bases");

        var plan = await scenario.PlanAsync(commit);

        var order = plan.Builds.Select(b => b.Image.Spec.Name).ToList();
        Assert.True(order.Count == 5, $"expected all five images planned, saw: {PlanningScenario.Describe(plan)}");
        Assert.True(order.IndexOf("zz/base") < order.IndexOf("mm/mid") && order.IndexOf("mm/mid") < order.IndexOf("aa/app"),
            $"expected zz/base before mm/mid before aa/app, saw: {string.Join(", ", order)}");
        Assert.True(order.IndexOf("zz/base") < order.IndexOf("ab/other"),
            $"expected zz/base before ab/other, saw: {string.Join(", ", order)}");
        AssertBases(plan, "aa/app", "mm/mid");
        AssertBases(plan, "mm/mid", "zz/base");
        AssertBases(plan, "ab/other", "zz/base");
        AssertBases(plan, "zz/base");
        AssertBases(plan, "aa/alone");
    }

    private static void WriteHello(PlanningScenario scenario, string folder, string? name = null, string dockerfile = Busybox)
    {
        scenario.WriteImage(folder, dockerfile, name);
        scenario.Repository.WriteFile($"images/{folder}/hello.txt", $"hello from {folder}\n");
    }

    private static void AssertPlanned(BuildPlan plan, params string[] images) =>
        Assert.True(plan.Builds.Select(b => b.Image.Spec.Name).SequenceEqual(images),
            $"expected the plan to build [{string.Join(", ", images)}], saw: {PlanningScenario.Describe(plan)}");

    private static void AssertReason(PlannedBuild build, params string[] parts) =>
        Assert.True(parts.All(p => build.Reason.Contains(p, StringComparison.Ordinal)),
            $"expected the reason to build {build.Image.Spec.Name} to mention {string.Join(" and ", parts)}, saw: {build.Reason}");

    private static void AssertBases(BuildPlan plan, string image, params string[] bases)
    {
        var build = plan.Builds.Single(b => b.Image.Spec.Name == image);
        var seen = build.CatalogueBases.Select(b => b.Name).ToList();
        Assert.True(seen.SequenceEqual(bases),
            $"expected {image} to start from the catalogue images [{string.Join(", ", bases)}], saw [{string.Join(", ", seen)}]");
    }
}

using Platform.Catalog.Tests.Index;
using static Platform.Catalog.Tests.Planning.Plans;

namespace Platform.Catalog.Tests.Planning;

/// <summary>
/// Plans as history moves on real git repositories: branches, force pushes, failed builds. Each image is
/// compared with its own last successful build, never with the previous commit.
/// </summary>
public sealed class HistoryPlanTests
{
    private static async Task<ImageRepository> ThreeServicesAsync()
    {
        var repository = await ImageRepository.CreateAsync();
        foreach (var name in new[] { "api", "worker", "report" })
        {
            repository
                .WriteImage(name, "FROM python:3.12-slim\nCOPY src/ /app/\n", $"name: platform/{name}\nkind: service\n")
                .Write($"images/{name}/src/main.py", $"print('{name}')\n");
        }

        return repository;
    }

    [Fact]
    public async Task A_new_branch_plans_only_the_images_that_differ_from_their_own_last_build_on_main()
    {
        using var repository = await ThreeServicesAsync();
        var start = await repository.CommitAsync("three services");
        var index = await repository.LoadAsync(start);
        AssertNoProblems(index);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/api/src/main.py", "print('api 2')\n");
        var mainHead = await repository.CommitAsync("api 2 on main");
        await ImageRepository.MoveAsync(index, mainHead);
        var onMain = Plan(index, history);
        AssertPlanned(onMain, "platform/api");
        history.Succeeded(index.Catalog, onMain);

        // The branch starts before api changed on main: api is back to what main built first, which is not its last build.
        await repository.GitAsync("checkout", "-q", "-b", "feature", start);
        repository.Write("images/worker/src/main.py", "print('worker on a branch')\n");
        var feature = await repository.CommitAsync("worker on a branch");
        await ImageRepository.MoveAsync(index, feature);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/api", "platform/worker");
        AssertReason(plan, "platform/api", "images/api/src/main.py", $"since {mainHead[..7]}");
        AssertReason(plan, "platform/worker", "images/worker/src/main.py", $"since {start[..7]}");
        await AssertSameAsFreshLoadAsync(repository, index);
    }

    [Fact]
    public async Task A_new_branch_that_touches_no_image_plans_nothing_although_nothing_was_built_on_it()
    {
        using var repository = await ThreeServicesAsync();
        var start = await repository.CommitAsync("three services");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        await repository.GitAsync("checkout", "-q", "-b", "docs");
        repository.Write("docs/images.md", "how images are built\n");
        var docs = await repository.CommitAsync("docs only");
        await ImageRepository.MoveAsync(index, docs);

        AssertNothingPlanned(Plan(index, history));
    }

    [Fact]
    public async Task A_force_push_that_removes_the_last_built_commit_reloads_the_index_and_still_plans_from_each_last_build()
    {
        using var repository = await ThreeServicesAsync();
        var start = await repository.CommitAsync("three services");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/api/src/main.py", "print('api 2')\n");
        repository.Write("images/worker/src/main.py", "print('worker 2')\n");
        var rewritten = await repository.CommitAsync("api 2 and worker 2, soon force-pushed away");
        await ImageRepository.MoveAsync(index, rewritten);
        var beforePush = Plan(index, history);
        AssertPlanned(beforePush, "platform/api", "platform/worker");
        history.Succeeded(index.Catalog, beforePush);

        await repository.ForgetCommitsAfterResetAsync(start);
        repository.Write("images/api/src/main.py", "print('api 3')\n");
        var pushed = await repository.CommitAsync("api 3, force-pushed");
        Assert.False(await repository.ContainsCommitAsync(rewritten), $"the force push should have removed {rewritten[..7]} from the repository");

        // The index is still at the commit that is gone; it cannot diff from there.
        await ImageRepository.MoveAsync(index, pushed);
        var plan = Plan(index, history);

        Assert.Equal(pushed, index.Commit);
        await AssertSameAsFreshLoadAsync(repository, index);
        AssertPlanned(plan, "platform/api", "platform/worker");
        AssertReason(plan, "platform/api", "images/api/src/main.py", $"since {rewritten[..7]}");
        AssertReason(plan, "platform/worker", "images/worker/src/main.py", $"since {rewritten[..7]}");
    }

    [Fact]
    public async Task A_failed_build_is_planned_again_at_a_later_commit_that_does_not_touch_the_image()
    {
        using var repository = await ThreeServicesAsync();
        var start = await repository.CommitAsync("three services");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/api/src/main.py", "print('api 2, which fails to build')\n");
        var failing = await repository.CommitAsync("api 2");
        await ImageRepository.MoveAsync(index, failing);
        AssertPlanned(Plan(index, history), "platform/api");

        // The build of api fails: nothing is recorded. The next commit only touches worker.
        repository.Write("images/worker/src/main.py", "print('worker 2')\n");
        var later = await repository.CommitAsync("worker 2");
        await ImageRepository.MoveAsync(index, later);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/api", "platform/worker");
        AssertReason(plan, "platform/api", "images/api/src/main.py", $"since {start[..7]}");
        history.Succeeded(index.Catalog, plan);

        repository.Write("README.md", "nothing to build\n");
        var quiet = await repository.CommitAsync("readme");
        await ImageRepository.MoveAsync(index, quiet);
        AssertNothingPlanned(Plan(index, history));
    }
}

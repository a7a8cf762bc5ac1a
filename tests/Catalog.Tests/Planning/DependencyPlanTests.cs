using Platform.Catalog.Planning;
using Platform.Catalog.Tests.Index;
using static Platform.Catalog.Tests.Planning.Plans;

namespace Platform.Catalog.Tests.Planning;

/// <summary>Plans of images that start from (or copy from) other images of the catalogue, on real git repositories.</summary>
public sealed class DependencyPlanTests
{
    /// <summary>
    /// root &lt;- runtime &lt;- api (through a registry host), root &lt;- tools (COPY --from), and report on its own.
    /// </summary>
    private static async Task<ImageRepository> LayeredImagesAsync()
    {
        var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("root", "FROM python:3.12-slim\nCOPY rootfs/ /\n", "name: platform/root\nkind: base\n")
            .Write("images/root/rootfs/etc/motd", "welcome\n")
            .WriteImage("runtime", "FROM platform/root\nCOPY bin/ /usr/local/bin/\n", "name: platform/runtime\nkind: base\n")
            .Write("images/runtime/bin/run", "#!/bin/sh\n")
            .WriteImage("api", "FROM localhost:5000/platform/runtime:latest\nCOPY src/ /app/\n", "name: platform/api\nkind: service\n")
            .Write("images/api/src/main.py", "print('api')\n")
            .WriteImage("tools", "FROM python:3.12-slim\nCOPY --from=platform/root:latest /etc/motd /etc/motd\n", "name: platform/tools\n")
            .WriteImage("report", "FROM python:3.12-slim\nCOPY src/ /app/\n", "name: platform/report\n")
            .Write("images/report/src/main.py", "print('report')\n");
        return repository;
    }

    [Fact]
    public async Task A_base_change_plans_the_base_and_every_transitive_dependent_in_later_waves()
    {
        using var repository = await LayeredImagesAsync();
        var start = await repository.CommitAsync("layered images");
        var index = await repository.LoadAsync(start);
        AssertNoProblems(index);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/root/rootfs/etc/motd", "welcome, again\n");
        var changed = await repository.CommitAsync("root motd");
        await ImageRepository.MoveAsync(index, changed);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/root", "platform/runtime", "platform/tools", "platform/api");
        Assert.True(Build(plan, "platform/root").Wave == 0 && Build(plan, "platform/runtime").Wave == 1
            && Build(plan, "platform/tools").Wave == 1 && Build(plan, "platform/api").Wave == 2,
            $"expected root in wave 0, runtime and tools in wave 1, api in wave 2: {Describe(plan)}");
        AssertReason(plan, "platform/root", "images/root/rootfs/etc/motd", $"since {start[..7]}");
        Assert.Equal("its base platform/root is rebuilt", Build(plan, "platform/runtime").Reason);
        Assert.Equal("its base platform/root is rebuilt", Build(plan, "platform/tools").Reason);
        Assert.Equal("its base platform/runtime is rebuilt", Build(plan, "platform/api").Reason);
        Assert.Equal(["platform/runtime"], Build(plan, "platform/api").CatalogueBases.Select(b => b.Name));
        Assert.Equal([0, 1, 1, 2], plan.Builds.Select(b => b.Wave));
    }

    [Fact]
    public async Task A_base_pushed_since_a_dependent_was_built_plans_the_dependent_but_not_the_base()
    {
        using var repository = await LayeredImagesAsync();
        var start = await repository.CommitAsync("layered images");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);
        var runtimeBuiltFrom = history.LastBuild("platform/runtime")!.BaseDigests["platform/root"];

        repository.Write("images/root/rootfs/etc/motd", "welcome, again\n");
        var changed = await repository.CommitAsync("root motd");
        await ImageRepository.MoveAsync(index, changed);
        Assert.Equal(4, Plan(index, history).Builds.Count);

        // root is pushed; runtime and tools fail, so api never starts.
        history.Succeeded(index.Catalog, "platform/root");
        var rootPushed = history.LastBuild("platform/root")!.Digest!;
        repository.Write("images/report/src/main.py", "print('report 2')\n");
        var later = await repository.CommitAsync("report 2");
        await ImageRepository.MoveAsync(index, later);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/runtime", "platform/tools", "platform/api", "platform/report");
        var pushedSince = $"its base platform/root was pushed as {BuildPlanner.Short(rootPushed)} since it was built from {BuildPlanner.Short(runtimeBuiltFrom)}";
        Assert.Equal(pushedSince, Build(plan, "platform/runtime").Reason);
        Assert.Equal(pushedSince, Build(plan, "platform/tools").Reason);
        Assert.Equal("its base platform/runtime is rebuilt", Build(plan, "platform/api").Reason);
        Assert.True(Build(plan, "platform/runtime").Wave == 0 && Build(plan, "platform/api").Wave == 1,
            $"expected runtime in wave 0 (its base is already pushed) and api in wave 1: {Describe(plan)}");
    }

    [Fact]
    public async Task A_dependent_built_from_the_last_pushed_base_is_not_planned_again()
    {
        using var repository = await LayeredImagesAsync();
        var start = await repository.CommitAsync("layered images");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/root/rootfs/etc/motd", "welcome, again\n");
        var changed = await repository.CommitAsync("root motd");
        await ImageRepository.MoveAsync(index, changed);
        history.Succeeded(index.Catalog, Plan(index, history));

        AssertNothingPlanned(Plan(index, history));
    }
}

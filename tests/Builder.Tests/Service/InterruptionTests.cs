using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>Builds that run out of time, builders that stop in the middle, branches moved back.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class InterruptionTests(BuilderInfrastructure infrastructure)
{
    private const string FromRoot = "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\n";

    [Fact]
    public async Task A_build_that_exceeds_its_timeout_fails_naming_the_setting_and_pushes_nothing()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("slow", FromRoot + "RUN sleep 60\n");
        var commit = await scenario.Repository.CommitAllAsync("a build slower than its timeout");
        await scenario.StartBuilderAsync(new Dictionary<string, string> { ["Builder:BuildTimeout"] = "00:00:05" });

        var failure = await scenario.WaitForFailureAsync(scenario.Image("slow"), commit);
        Assert.Equal("build", failure.GetProperty("stage").GetString());
        Assert.Contains("Builder:BuildTimeout (00:00:05)", failure.GetProperty("error").GetString());
        Assert.Null(await scenario.RegistryDigestAsync(scenario.Image("slow"), "latest"));
    }

    [Fact]
    public async Task A_cancelled_build_fails_in_stage_cancelled_and_pushes_nothing()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("cancelled", FromRoot + "RUN sleep 60\n");
        var commit = await scenario.Repository.CommitAllAsync("a build someone will cancel");
        await scenario.StartBuilderAsync();
        await Eventually.WaitAsync(
            async ct => (await scenario.RunningAsync()).Contains(scenario.Image("cancelled")),
            BuilderScenario.StepTimeout, scenario.Failure("the build to start"));

        // What `platform builds cancel <image>` asks.
        Assert.Equal(System.Net.HttpStatusCode.Accepted, await scenario.CancelAsync(scenario.Image("cancelled")));
        var failure = await scenario.WaitForFailureAsync(scenario.Image("cancelled"), commit);
        Assert.Equal("cancelled", failure.GetProperty("stage").GetString());
        Assert.Null(await scenario.RegistryDigestAsync(scenario.Image("cancelled"), "latest"));
    }

    [Fact]
    public async Task A_builder_stopped_in_the_middle_of_a_build_builds_it_after_its_restart_and_no_tag_is_seen_half_pushed()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("interrupted", FromRoot + "RUN sleep 8\nCOPY hello.txt /\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("a build the builder will not finish");
        await scenario.StartBuilderAsync();
        await Eventually.WaitAsync(
            async ct => (await scenario.RunningAsync()).Contains(scenario.Image("interrupted")),
            BuilderScenario.StepTimeout, scenario.Failure("the build to start"));

        await scenario.StopBuilderAsync();
        Assert.Null(await scenario.RegistryDigestAsync(scenario.Image("interrupted"), "latest"));
        Assert.Empty(scenario.PushesOf(scenario.Image("interrupted")));

        await scenario.StartBuilderAsync();
        var digest = await scenario.WaitForPushAsync(scenario.Image("interrupted"), commit);

        // One build of the key, in two attempts: the first interrupted (with its log kept), the second pushed.
        var builds = (await scenario.BuildsAsync(scenario.Image("interrupted"))).OrderBy(b => b.GetProperty("id").GetInt64()).ToList();
        Assert.True(builds.Select(b => (b.GetProperty("outcome").GetString(), b.GetProperty("attempt").GetInt32()))
                .SequenceEqual([("Interrupted", 1), ("Succeeded", 2)]),
            scenario.Failure($"expected attempt 1 interrupted and attempt 2 succeeded in the history, saw {string.Join("; ", builds)}"));
        Assert.Equal(builds[0].GetProperty("buildKey").GetString(), builds[1].GetProperty("buildKey").GetString());
        Assert.Equal(digest, builds[1].GetProperty("digest").GetString());
        // The interrupted attempt keeps its own log (however far it got); the one that took over has the whole build.
        await scenario.BuildLogAsync(builds[0].GetProperty("id").GetInt64());
        var log = await scenario.BuildLogAsync(builds[1].GetProperty("id").GetInt64());
        Assert.True(log.Contains("RUN sleep 8", StringComparison.Ordinal) && log.Contains("Successfully built", StringComparison.Ordinal),
            scenario.Failure($"expected attempt 2's log to hold the whole build, it says: {log}"));
        Assert.Single(scenario.PushesOf(scenario.Image("interrupted")));
    }

    [Fact]
    public async Task A_command_for_a_build_key_already_pushed_sets_the_tags_of_that_push_and_builds_no_second_digest()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("once", FromRoot + "COPY hello.txt /\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image built once");
        await scenario.StartBuilderAsync();
        var digest = await scenario.WaitForPushAsync(scenario.Image("once"), commit);
        var first = scenario.PushesOf(scenario.Image("once")).Single();

        // What a broker hands out again when a builder stopped after its push and before its answer.
        await scenario.PublishBuildAsync(new Platform.Contracts.BuildImage(
            first.GetProperty("correlationId").GetGuid(), commit, scenario.Image("once"), 0, ["redelivered by the test"], [], DateTimeOffset.UtcNow, [],
            first.GetProperty("buildKey").GetString()));

        var again = await Eventually.WaitAsync(
            _ => Task.FromResult(scenario.PushesOf(scenario.Image("once"))),
            pushes => pushes.Count == 2,
            BuilderScenario.StepTimeout, scenario.Failure("a second ImagePushed for the redelivered command"));
        Assert.True(again[1].GetProperty("digest").GetString() == digest && again[1].GetProperty("resumed").GetBoolean(),
            scenario.Failure($"expected the redelivered command to announce {digest} as resumed, saw {again[1]}"));
        Assert.Equal(digest, await scenario.RegistryDigestAsync(scenario.Image("once"), "latest"));
        var builds = await scenario.BuildsAsync(scenario.Image("once"));
        Assert.All(builds, b => Assert.Equal(digest, b.GetProperty("digest").GetString()));
        Assert.Contains("not building it again", await scenario.BuildLogAsync(builds[0].GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_branch_moved_back_to_an_older_commit_moves_latest_back_to_that_commits_image()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("rollback", FromRoot + "COPY version.txt /\n", ("version.txt", "v1\n"));
        var first = await scenario.Repository.CommitAllAsync("v1");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(scenario.Image("rollback"), first);

        scenario.Repository.WriteFile("images/rollback/version.txt", "v2\n");
        var second = await scenario.Repository.CommitAllAsync("v2");
        await scenario.CheckNowAsync();
        await scenario.WaitForPushAsync(scenario.Image("rollback"), second);

        await scenario.Repository.GitAsync("reset", "-q", "--hard", first);
        await scenario.CheckNowAsync();
        await scenario.WaitForCycleAsync(first, s => s.GetProperty("failedBuilds").GetInt32() == 0, "a cycle for the commit the branch moved back to");

        var index = await scenario.ManifestAsync(scenario.Image("rollback"), "latest");
        Assert.Equal(first, index.GetProperty("annotations").GetProperty("org.opencontainers.image.revision").GetString());
    }
}

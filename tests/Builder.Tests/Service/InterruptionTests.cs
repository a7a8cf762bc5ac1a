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
        await scenario.WaitForPushAsync(scenario.Image("interrupted"), commit);
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

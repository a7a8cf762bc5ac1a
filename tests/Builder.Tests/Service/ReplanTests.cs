namespace Platform.Builder.Tests.Service;

/// <summary><c>POST /api/commits/replan</c> (the console's "build again what failed", the dashboard's "Rebuild failed images", <c>platform builds replan</c>).</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class ReplanTests(BuilderInfrastructure infrastructure)
{
    [Fact]
    public async Task A_replan_builds_what_failed_again_at_once_without_waiting_for_the_retry_and_does_not_build_what_was_pushed()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("hello", "FROM platform/root:busybox\nCOPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        scenario.WriteImage("flaky", "FROM platform/root:busybox\nRUN exit 5\n");
        var commit = await scenario.Repository.CommitAllAsync("an image that fails to build");
        // Long enough that only the replan can start the second attempt within the test.
        await scenario.StartBuilderAsync(new Dictionary<string, string> { ["Builder:RetryFailedAfter"] = "01:00:00" });
        await scenario.WaitForPushAsync(scenario.Image("hello"), commit);
        await scenario.WaitForFailureAsync(scenario.Image("flaky"), commit);
        await scenario.WaitForCycleAsync(commit, s => s.GetProperty("failedBuilds").GetInt32() == 1, "the cycle to end with 1 failed build");
        Assert.Single(await scenario.BuildsAsync(scenario.Image("flaky")));

        using var response = await scenario.Http.PostAsync("/api/commits/replan", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);

        var builds = await Platform.Testing.Eventually.WaitAsync(
            _ => scenario.BuildsAsync(scenario.Image("flaky")), all => all.Count == 2, BuilderScenario.StepTimeout,
            scenario.Failure("a second attempt at the failed image after the replan"));
        Assert.All(builds, b => Assert.Equal(("Failed", commit), (b.GetProperty("outcome").GetString(), b.GetProperty("commit").GetString())));
        Assert.Single(await scenario.BuildsAsync(scenario.Image("hello")));
    }
}

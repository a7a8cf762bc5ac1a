namespace Platform.Builder.Tests.Service;

/// <summary>More builder instances share a plan's builds as competing consumers, while the waves still hold.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class ScaleOutTests(BuilderInfrastructure infrastructure)
{
    private const string SlowFromRoot = "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nRUN sleep 2\n";

    [Fact]
    public async Task Two_builder_instances_share_the_builds_of_one_plan_and_a_dependent_still_waits_for_its_base()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var baseImage = scenario.Image("base");
        scenario.WriteImage("base", SlowFromRoot + "COPY marker.txt /etc/marker\n", ("marker.txt", "base\n"));
        foreach (var name in new[] { "one", "two", "three" })
        {
            scenario.WriteImage(name, SlowFromRoot + $"COPY {name}.txt /srv/\n", ($"{name}.txt", $"{name}\n"));
        }

        scenario.WriteImage("app", $"FROM {baseImage}\nCOPY app.txt /srv/\n", ("app.txt", "app\n"));
        var commit = await scenario.Repository.CommitAllAsync("four independent images and one dependent");

        // The second instance is up before the coordinator plans, so both compete from the first command.
        await scenario.StartWorkerAsync("worker-b");
        await scenario.StartBuilderAsync();

        string[] independent = ["base", "one", "two", "three"];
        var digests = new Dictionary<string, string>();
        foreach (var name in independent.Append("app"))
        {
            digests[name] = await scenario.WaitForPushAsync(scenario.Image(name), commit);
        }

        var builders = independent.Append("app")
            .Select(name => scenario.PushesOf(scenario.Image(name)).Single().GetProperty("builtBy").GetString())
            .ToList();
        Assert.True(builders.Contains("coordinator") && builders.Contains("worker-b"),
            scenario.Failure($"expected both instances to build, saw builtBy: {string.Join(", ", builders)}"));

        var app = (await scenario.BuildsAsync(scenario.Image("app"))).Single(b => b.GetProperty("commit").GetString() == commit);
        Assert.Equal(digests["base"], app.GetProperty("baseDigests").GetProperty(baseImage).GetString());
        var baseBuild = (await scenario.BuildsAsync(baseImage)).Single(b => b.GetProperty("commit").GetString() == commit);
        Assert.True(app.GetProperty("startedAt").GetDateTimeOffset() >= baseBuild.GetProperty("finishedAt").GetDateTimeOffset(),
            scenario.Failure($"expected the dependent to be handed out after its base was pushed: base {baseBuild}, app {app}"));
    }
}

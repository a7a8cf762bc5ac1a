using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>Bases and their dependents through the real builder: waves, and dependents built from the digest their base was just pushed as.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class BaseChainTests(BuilderInfrastructure infrastructure)
{
    private const string FromRoot = "FROM platform/root:busybox\n";

    [Fact]
    public async Task A_base_change_rebuilds_its_dependents_from_the_digest_the_base_was_just_pushed_as_and_leaves_the_others()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var baseImage = scenario.Image("base");
        scenario.WriteImage("base", FromRoot + "COPY marker.txt /etc/base-marker\n", ("marker.txt", "base v1\n"));
        scenario.WriteImage("app", $"FROM {baseImage}\nCOPY app.txt /srv/\n", ("app.txt", "app\n"));
        scenario.WriteImage("tool", FromRoot + "COPY tool.txt /srv/\n", ("tool.txt", "tool\n"));
        var first = await scenario.Repository.CommitAllAsync("base, app and tool");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(scenario.Image("app"), first);
        await scenario.WaitForPushAsync(scenario.Image("tool"), first);

        scenario.Repository.WriteFile("images/base/marker.txt", "base v2\n");
        var second = await scenario.Repository.CommitAllAsync("base v2");
        await scenario.CheckNowAsync();
        var baseDigest = await scenario.WaitForPushAsync(baseImage, second);
        var appDigest = await scenario.WaitForPushAsync(scenario.Image("app"), second);
        await scenario.WaitForCycleAsync(second, s => s.GetProperty("failedBuilds").GetInt32() == 0, "a cycle without failures");

        // The dependent records the digest it was built from: the one its base was pushed as in this cycle.
        var appBuild = (await scenario.BuildsAsync(scenario.Image("app"))).First(b => b.GetProperty("commit").GetString() == second);
        Assert.Equal(baseDigest, appBuild.GetProperty("baseDigests").GetProperty(baseImage).GetString());
        Assert.Contains($"its base {baseImage} is rebuilt", appBuild.GetProperty("reason").GetString());

        // And it really contains the new base: run the pushed dependent by digest and read the base's file.
        var reference = $"{scenario.Registry.Host}/{scenario.Image("app")}@{appDigest}";
        var (exitCode, output) = await ChildProcess.RunAsync("docker", ["run", "--rm", reference, "cat", "/etc/base-marker"], TimeSpan.FromSeconds(60));
        await ChildProcess.RunAsync("docker", ["rmi", reference], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0 && output.Contains("base v2", StringComparison.Ordinal),
            scenario.Failure($"expected {reference} to contain the base's new marker, saw exit {exitCode}: {output}"));

        // The image that does not start from the base was not rebuilt.
        Assert.DoesNotContain(await scenario.BuildsAsync(scenario.Image("tool")), b => b.GetProperty("commit").GetString() == second);
    }

    [Fact]
    public async Task A_change_to_a_file_no_COPY_reads_or_dockerignore_excludes_builds_nothing()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("app", FromRoot + "COPY src/ /srv/\n",
            ("src/main.sh", "echo hello\n"), ("src/notes.tmp", "scratch\n"), ("README.md", "# app\n"), (".dockerignore", "**/*.tmp\n"));
        var first = await scenario.Repository.CommitAllAsync("app");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(scenario.Image("app"), first);

        scenario.Repository.WriteFile("images/app/README.md", "# app, documented\n");
        scenario.Repository.WriteFile("images/app/src/notes.tmp", "more scratch\n");
        var second = await scenario.Repository.CommitAllAsync("docs and an ignored file");
        await scenario.CheckNowAsync();
        await scenario.WaitForCycleAsync(second, _ => true, "a cycle for the second commit");

        Assert.DoesNotContain(await scenario.BuildsAsync(scenario.Image("app")), b => b.GetProperty("commit").GetString() == second);
    }
}

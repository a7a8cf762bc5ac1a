using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// A builder that follows more than one revision (Catalog:Ref and Builder:Refs) of a real repository, pushing to a
/// real registry: each revision's tag on the images, a new and a rewritten release tag, a force push, a deleted branch.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class FollowedRefsTests(BuilderInfrastructure infrastructure)
{
    private const string FromRoot = "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\n";

    [Fact]
    public async Task Release_tags_and_branches_tag_their_images_and_a_rewritten_tag_a_force_push_and_a_deleted_branch_are_logged_and_lose_no_build()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var app = scenario.Image("app");
        var tool = scenario.Image("tool");
        scenario.WriteImage("app", FromRoot + "COPY hello.txt /\n", ("hello.txt", "one\n"));
        scenario.WriteImage("tool", FromRoot + "COPY tool.txt /\n", ("tool.txt", "tool\n"));
        var first = await scenario.Repository.CommitAllAsync("first release");
        await scenario.Repository.GitAsync("tag", "v1.0.0");
        await scenario.Repository.GitAsync("branch", "feature");
        await scenario.StartBuilderAsync(new Dictionary<string, string>
        {
            ["Builder:Refs:0"] = "v*",
            ["Builder:Refs:1"] = "feature",
            ["Builder:Refs:2"] = "release",
        });

        // main builds each image once; v1.0.0 and feature name the same commit and only add their tags.
        var app1 = await scenario.WaitForPushAsync(app, first);
        var tool1 = await scenario.WaitForPushAsync(tool, first);
        await WaitForTagAsync(scenario, app, "v1.0.0", app1);
        await WaitForTagAsync(scenario, tool, "feature", tool1);
        await WaitForLogAsync(scenario, "release names nothing in");
        Assert.Single(scenario.PushesOf(app));

        // A change on main: latest moves, the release tag stays on the first image.
        scenario.Repository.WriteFile($"images/app/hello.txt", "two\n");
        var second = await scenario.Repository.CommitAllAsync("a change after the release");
        await scenario.CheckNowAsync();
        var app2 = await scenario.WaitForPushAsync(app, second);
        Assert.NotEqual(app1, app2);
        Assert.Equal(app1, await scenario.RegistryDigestAsync(app, "v1.0.0"));

        // A new release: the newest tag in version order (v1.10.0 after v1.9.0) tags what main built, nothing is rebuilt.
        await scenario.Repository.GitAsync("tag", "v1.10.0");
        await scenario.Repository.GitAsync("tag", "v1.9.0", first);
        await scenario.CheckNowAsync();
        await WaitForTagAsync(scenario, app, "v1.10.0", app2);
        await WaitForTagAsync(scenario, tool, "v1.10.0", tool1);
        Assert.Null(await scenario.RegistryDigestAsync(app, "v1.9.0"));
        Assert.Equal(2, scenario.PushesOf(app).Count);

        // The release tag is rewritten to the first commit: its image tag follows, from the build of that commit's inputs.
        await scenario.Repository.GitAsync("tag", "-f", "v1.10.0", first);
        await scenario.CheckNowAsync();
        await WaitForTagAsync(scenario, app, "v1.10.0", app1);
        await WaitForLogAsync(scenario, "Tag v1.10.0 was rewritten");
        Assert.Equal(app2, await scenario.RegistryDigestAsync(app, "latest"));

        // main is force-pushed to a new history: planned against each image's last good build, so app is built again.
        await scenario.Repository.GitAsync("reset", "-q", "--hard", first);
        scenario.Repository.WriteFile($"images/app/hello.txt", "three\n");
        var third = await scenario.Repository.CommitAllAsync("main rewritten");
        await scenario.CheckNowAsync();
        var app3 = await scenario.WaitForPushAsync(app, third);
        Assert.NotEqual(app2, app3);
        await WaitForLogAsync(scenario, "was force-pushed: it moved from " + second[..7]);

        // The feature branch is deleted: said once, and its images keep their tag.
        await scenario.Repository.GitAsync("branch", "-D", "feature");
        await scenario.CheckNowAsync();
        await WaitForLogAsync(scenario, "feature is gone from");
        Assert.Equal(tool1, await scenario.RegistryDigestAsync(tool, "feature"));
    }

    [Theory]
    [InlineData("release..2026")]
    [InlineData("main~1")]
    [InlineData("-delete")]
    [InlineData("feature branch")]
    public async Task A_followed_ref_git_would_refuse_stops_the_builder_at_start_with_the_setting_named(string entry)
    {
        using var data = new TempDirectory("builder-bad-ref");
        await using var host = new BuilderHost(new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = infrastructure.Broker.ConnectionString,
            ["ConnectionStrings:registry"] = "http://127.0.0.1:9",
            ["Catalog:Repository"] = data.Path,
            ["Builder:DataDirectory"] = data.Path,
            ["Builder:Refs:0"] = "v*",
            ["Builder:Refs:1"] = entry,
        }, Path.Combine(data.Path, "builder.log"));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var messages = error.ToString();
        Assert.True(messages.Contains($"Builder:Refs: '{entry}' is not a branch, tag or tag pattern git accepts", StringComparison.Ordinal),
            $"expected the start to fail naming Builder:Refs and '{entry}', it failed with: {messages}");
    }

    private static async Task WaitForTagAsync(BuilderScenario scenario, string image, string tag, string digest) =>
        await Eventually.WaitAsync(
            ct => scenario.RegistryDigestAsync(image, tag),
            stored => stored == digest,
            BuilderScenario.StepTimeout,
            scenario.Failure($"{image}:{tag} to be at {digest}"));

    private static async Task WaitForLogAsync(BuilderScenario scenario, params string[] lines) =>
        await Eventually.WaitAsync(
            async ct => await ReadLogAsync(scenario.LogPath, ct),
            log => lines.All(line => log.Contains(line, StringComparison.Ordinal)),
            BuilderScenario.StepTimeout,
            scenario.Failure($"the builder to log {string.Join(" and ", lines.Select(l => $"'{l}'"))}"));

    private static async Task<string> ReadLogAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}

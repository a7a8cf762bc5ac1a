using System.Text.Json;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// Bad input end to end through the real builder service: its Program hosted in-process, a real RabbitMQ
/// node, a real registry and the machine's Docker engine. One bad image never stops the others.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class BadInputTests(BuilderInfrastructure infrastructure)
{
    private const string FromRootArg = "ARG ROOT_IMAGE=no-such-registry.invalid/root\nFROM ${ROOT_IMAGE}\n";
    private const string FromRoot = "FROM platform/root:busybox\n";

    [Fact]
    public async Task An_image_folder_without_a_Dockerfile_fails_in_stage_spec_naming_the_folder_and_the_other_images_are_pushed()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("hello", FromRootArg + "COPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        scenario.WriteImage("no-dockerfile", null, ("hello.txt", "there is no Dockerfile here\n"));
        scenario.Repository.WriteFile("images/custom-path/image.yaml", "dockerfile: docker/Containerfile\n");
        scenario.Repository.WriteFile("images/custom-path/Dockerfile", FromRoot);
        var commit = await scenario.Repository.CommitAllAsync("two images without the Dockerfile they need");

        await scenario.StartBuilderAsync();

        var missing = await scenario.WaitForFailureAsync("images/no-dockerfile", commit);
        AssertFailure(scenario, missing, "spec", "images/no-dockerfile/", "images/no-dockerfile/Dockerfile");
        var custom = await scenario.WaitForFailureAsync("images/custom-path", commit);
        AssertFailure(scenario, custom, "spec", "images/custom-path/", "images/custom-path/docker/Containerfile");

        await scenario.WaitForPushAsync(scenario.Image("hello"), commit);
    }

    [Fact]
    public async Task A_Dockerfile_that_fails_to_build_fails_in_stage_build_with_the_engine_error_and_the_last_log_lines_a_missing_COPY_source_is_a_catalogue_problem_and_the_other_images_are_pushed()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("hello", FromRootArg + "COPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        scenario.WriteImage("run-fails", FromRootArg + "RUN echo about to fail && exit 3\n");
        scenario.WriteImage("copy-missing", FromRoot + "COPY missing.txt /srv/\n", ("present.txt", "only this one is here\n"));
        var commit = await scenario.Repository.CommitAllAsync("two images that do not build");

        await scenario.StartBuilderAsync();

        var runFails = await scenario.WaitForFailureAsync(scenario.Image("run-fails"), commit);
        AssertFailure(scenario, runFails, "build", scenario.Image("run-fails"), "returned a non-zero code: 3");
        AssertLogTail(scenario, runFails, "the output of the RUN", line => line == "about to fail");
        // A COPY of a file the context does not have is known before any build: a catalogue problem naming the Dockerfile and line.
        var copyMissing = await scenario.WaitForFailureAsync("images/copy-missing", commit);
        AssertFailure(scenario, copyMissing, "spec", "images/copy-missing/Dockerfile:2:", "missing.txt", "not in the build context");

        await scenario.WaitForPushAsync(scenario.Image("hello"), commit);
        await scenario.WaitForCycleAsync(commit, s => s.GetProperty("failedBuilds").GetInt32() == 1, "1 failed build (the catalogue problem is not a build)");
        var history = await scenario.BuildsAsync(scenario.Image("run-fails"));
        Assert.True(history.Count > 0 && history.All(b => b.GetProperty("outcome").GetString() == "Failed" && b.GetProperty("stage").GetString() == "build"),
            scenario.Failure($"expected GET /api/builds to show only failed builds in stage build for run-fails, saw: {string.Join(", ", history)}"));
        await AssertNotBuiltAsync(scenario, "run-fails", "copy-missing");
    }

    [Fact]
    public async Task When_a_base_image_fails_its_dependents_are_not_built_and_fail_in_stage_base_naming_it_and_an_unrelated_image_is_pushed()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var baseImage = scenario.Image("base");
        scenario.WriteImage("base", FromRoot + "RUN exit 7\n");
        scenario.WriteImage("app", $"FROM {baseImage}\nCOPY hello.txt /srv/\n", ("hello.txt", "app\n"));
        scenario.WriteImage("app-via-arg", $"ARG BASE={baseImage}\nFROM ${{BASE}}\nCOPY hello.txt /srv/\n", ("hello.txt", "app via arg\n"));
        scenario.WriteImage("tool", FromRootArg + "COPY hello.txt /srv/\n", ("hello.txt", "tool\n"));
        var commit = await scenario.Repository.CommitAllAsync("a base that does not build");

        await scenario.StartBuilderAsync();

        var baseFailure = await scenario.WaitForFailureAsync(baseImage, commit);
        AssertFailure(scenario, baseFailure, "build", baseImage, "returned a non-zero code: 7");
        foreach (var dependent in new[] { "app", "app-via-arg" })
        {
            var failure = await scenario.WaitForFailureAsync(scenario.Image(dependent), commit);
            AssertFailure(scenario, failure, "base", scenario.Image(dependent), baseImage);
        }

        await scenario.WaitForPushAsync(scenario.Image("tool"), commit);
        await scenario.WaitForCycleAsync(commit, s => s.GetProperty("failedBuilds").GetInt32() == 3, "3 failed builds");
        var history = await scenario.BuildsAsync(scenario.Image("app"));
        Assert.True(history.Count > 0 && history.All(b => b.GetProperty("outcome").GetString() == "Failed" && b.GetProperty("stage").GetString() == "base"),
            scenario.Failure($"expected GET /api/builds to show only failed builds in stage base for app, saw: {string.Join(", ", history)}"));
        await AssertNotBuiltAsync(scenario, "base", "app", "app-via-arg");
    }

    [Fact]
    public async Task When_the_registry_is_down_the_push_fails_naming_the_image_and_the_registry_and_is_retried_without_a_new_commit_once_it_is_back()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var hello = scenario.Image("hello");
        var other = scenario.Image("other");
        scenario.WriteImage("hello", FromRootArg + "COPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        scenario.WriteImage("other", FromRootArg + "COPY other.txt /srv/\n", ("other.txt", "other\n"));
        var first = await scenario.Repository.CommitAllAsync("hello and other");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(hello, first);
        var otherDigest = await scenario.WaitForPushAsync(other, first);
        await scenario.WaitForCycleAsync(first, s => s.GetProperty("failedBuilds").GetInt32() == 0, "no failed builds");

        await scenario.Registry.StopAsync();
        scenario.Repository.WriteFile("images/hello/hello.txt", "hello while the registry is down\n");
        var second = await scenario.Repository.CommitAllAsync("hello changes while the registry is down");
        await scenario.CheckNowAsync();

        var failure = await scenario.WaitForFailureAsync(hello, second);
        AssertFailure(scenario, failure, "push", hello, scenario.Registry.Host);

        // Back on the same port with the same storage; no new commit: the retry alone must push it.
        await scenario.Registry.StartAsync();
        await scenario.WaitForPushAsync(hello, second);
        var otherNow = await scenario.RegistryDigestAsync(other, "latest");
        Assert.True(otherNow == otherDigest, $"expected the restarted registry to still hold {other}:latest at {otherDigest}, it has {otherNow ?? "no such tag"}");
        await scenario.WaitForCycleAsync(second, s => s.GetProperty("failedBuilds").GetInt32() == 0, "no failed builds after the retry");

        var history = (await scenario.BuildsAsync(hello)).Where(b => b.GetProperty("commit").GetString() == second).ToList();
        Assert.True(history.Count >= 2 && history[0].GetProperty("outcome").GetString() == "Succeeded"
            && history.Skip(1).All(b => b.GetProperty("outcome").GetString() == "Failed" && b.GetProperty("stage").GetString() == "push"),
            scenario.Failure($"expected GET /api/builds to show failed pushes of hello at {second[..7]} and then a success, saw: {string.Join(", ", history)}"));
        var otherAtSecond = scenario.PushesOf(other).Concat(scenario.FailuresOf(other)).Where(m => m.GetProperty("commit").GetString() == second).ToList();
        Assert.True(otherAtSecond.Count == 0,
            scenario.Failure($"expected other, unchanged, not to be built again at {second[..7]}, saw: {string.Join(", ", otherAtSecond)}"));
    }

    private static void AssertLogTail(BuilderScenario scenario, JsonElement failure, string what, Func<string, bool> isLine)
    {
        var tail = failure.GetProperty("logTail").EnumerateArray().Select(l => l.GetString() ?? "").ToList();
        Assert.True(tail.Any(isLine), scenario.Failure($"expected the log tail to hold {what}, saw: [{string.Join(" | ", tail)}]"));
    }

    private static async Task AssertNotBuiltAsync(BuilderScenario scenario, params string[] folders)
    {
        foreach (var folder in folders)
        {
            var tags = await scenario.LocalTagsAsync(scenario.Image(folder));
            Assert.True(tags.Count == 0,
                scenario.Failure($"expected no image built for {scenario.Image(folder)}, the engine has: {string.Join(", ", tags)}"));
        }
    }

    private static void AssertFailure(BuilderScenario scenario, JsonElement failure, string stage, params string[] errorMentions)
    {
        var seenStage = failure.GetProperty("stage").GetString();
        var error = failure.GetProperty("error").GetString() ?? "";
        Assert.True(seenStage == stage, scenario.Failure($"expected stage '{stage}', saw '{seenStage}' in {failure}"));
        foreach (var mention in errorMentions)
        {
            Assert.True(error.Contains(mention, StringComparison.Ordinal),
                scenario.Failure($"expected the error to mention '{mention}', saw: {error}"));
        }
    }
}

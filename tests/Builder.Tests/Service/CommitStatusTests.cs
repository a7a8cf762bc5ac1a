using System.Text.RegularExpressions;
using Platform.Testing;
using Platform.Testing.Forges;
using Xunit.Abstractions;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// Build results on the commit, end to end: the real builder (Program hosted in-process, a real broker,
/// registry and Docker engine) reporting to a FAKE of each provider's status API, which cannot be reached from here.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed partial class CommitStatusTests(BuilderInfrastructure infrastructure, ITestOutputHelper output)
{
    private const string BothPlatforms = "[linux/amd64, linux/arm64]";
    private const string FromRootPerPlatform = "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\n";
    private const string PublicUrl = "https://platform.example.test";

    [Fact]
    public async Task A_commit_with_an_image_that_builds_and_one_whose_test_fails_on_arm64_shows_pending_then_success_and_failure_with_texts_and_log_links()
    {
        await using var api = await FakeGitHubStatusApi.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("app", FromRootPerPlatform + "COPY hello.txt /srv/\n", BothPlatforms, ("hello.txt", "hello\n"));
        scenario.WriteImage("smoke", FromRootPerPlatform + "COPY check.sh /check.sh\n", BothPlatforms,
            ("check.sh", "#!/bin/sh\n[ \"$(uname -m)\" = x86_64 ] || { echo \"not on $(uname -m)\"; exit 4; }\n"));
        scenario.Repository.WriteFile("images/smoke/image.yaml",
            $"name: {scenario.Image("smoke")}\nplatforms: {BothPlatforms}\ntests:\n  - name: smoke\n    run: sh /check.sh\n    timeout: 60s\n");
        var commit = await scenario.Repository.CommitAllAsync("one image that builds, one whose test fails on arm64");

        await scenario.StartBuilderAsync(Settings("github", api, PublicUrl));
        await scenario.WaitForPushAsync(scenario.Image("app"), commit);
        await scenario.WaitForFailureAsync(scenario.Image("smoke"), commit);

        var app = await FinalAsync(scenario, api, $"platform/{scenario.Image("app")}", "success");
        var smoke = await FinalAsync(scenario, api, $"platform/{scenario.Image("smoke")}", "failure");
        Assert.Empty(api.Invalid);
        foreach (var (context, final) in new[] { (app.Context, app), (smoke.Context, smoke) })
        {
            var states = api.CreatedFor(context).Where(s => s.Commit == commit).ToList();
            Assert.True(states.Count >= 2 && states[0].State == "pending" && states[0].Description!.StartsWith("queued", StringComparison.Ordinal)
                    && states.Take(states.Count - 1).All(s => s.State == "pending") && states[^1] == final,
                scenario.Failure($"expected {context} to be pending (queued), then its result, saw: {string.Join(" | ", states)}"));
        }

        // How long after the push the commit shows it: the event's hop, the history row, the post.
        var pushedAt = scenario.PushesOf(scenario.Image("app"))[0].GetProperty("pushedAt").GetDateTimeOffset();
        var shownAfter = app.At - pushedAt;
        output.WriteLine($"success status created {shownAfter.TotalMilliseconds:F0} ms after ImagePushed");
        Assert.True(shownAfter < TimeSpan.FromSeconds(5), scenario.Failure($"expected the success status within 5 s of the push, it took {shownAfter}"));
        Assert.Matches(BuiltBothPlatforms(), app.Description);
        Assert.Equal("test failed on linux/arm64: test 'smoke' exited with code 4", smoke.Description);
        await AssertLogLinkAsync(scenario, app, scenario.Image("app"), "Succeeded", "Step");
        await AssertLogLinkAsync(scenario, smoke, scenario.Image("smoke"), "Failed", "not on aarch64");

        // The failed image is tried again every second (Builder:RetryFailedAfter): once two retries have failed (their starts and
        // failures went through the coordinator's status consumer, one message at a time), the commit still shows one failure.
        await Eventually.WaitAsync(
            _ => Task.FromResult(scenario.FailuresOf(scenario.Image("smoke")).Count(f => f.GetProperty("commit").GetString() == commit)),
            failures => failures >= 3,
            BuilderScenario.StepTimeout,
            scenario.Failure("two retries of the image whose test fails to fail again"));
        await StopAndRemoveTestContainersAsync(scenario, scenario.Image("smoke"));
        var later = api.CreatedFor(smoke.Context);
        Assert.True(later[^1].State == "failure" && later.Count(s => s.State == "failure") == 1,
            scenario.Failure($"expected the retries of the failed image to leave one failure as the last status, saw: {string.Join(" | ", later)}"));
    }

    [Fact]
    public async Task A_provider_answering_500_gets_the_final_state_once_it_answers_201_and_the_builds_finish_meanwhile()
    {
        await using var api = await FakeGitLabStatusApi.StartAsync();
        api.AnswerAlways = 500;
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("app", FromRootPerPlatform + "COPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image built while the provider fails");

        await scenario.StartBuilderAsync(Settings("gitlab", api, PublicUrl));
        await scenario.WaitForPushAsync(scenario.Image("app"), commit);
        await scenario.WaitForCycleAsync(commit, s => s.GetProperty("failedBuilds").GetInt32() == 0, "no failed build");

        // The build and its cycle are done while every status so far was refused.
        Assert.True(api.Requests.Count >= 1 && api.Created.Count == 0,
            scenario.Failure($"expected only refused statuses while the provider answered 500, saw: {string.Join(" | ", api.Requests)}"));
        api.AnswerAlways = null;

        var final = await FinalAsync(scenario, api, $"platform/{scenario.Image("app")}", "success");
        Assert.Matches(new Regex("^built linux/amd64 in [0-9]+ s$"), final.Description);
        Assert.Equal(commit, final.Commit);
        Assert.Empty(api.Invalid);
        Assert.Contains(api.Requests, r => r.Answer == 500 && r.Context == final.Context);
        await AssertLogLinkAsync(scenario, final, scenario.Image("app"), "Succeeded", "Step");

        // A commit that changes no image says so once, for the whole commit.
        scenario.Repository.WriteFile("README.md", "not an input of any image\n");
        var readme = await scenario.Repository.CommitAllAsync("a change outside the images");
        await scenario.CheckNowAsync();
        var nothing = await FinalAsync(scenario, api, "platform", "success");
        Assert.Equal(readme, nothing.Commit);
        Assert.Equal("nothing to build: 1 image, none changed", nothing.Description);
        Assert.DoesNotContain(api.Created, c => c.Commit == readme && c.Context != "platform");
    }

    [Fact]
    public async Task A_provider_answering_401_is_logged_once_without_the_token_and_the_build_goes_on()
    {
        await using var api = await FakeGiteaStatusApi.StartAsync();
        var token = "revoked-" + Guid.NewGuid().ToString("N");
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("app", FromRootPerPlatform + "COPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image built with a revoked status token");

        var settings = Settings("gitea", api, publicUrl: null);
        settings["CommitStatuses:Token"] = token;
        await scenario.StartBuilderAsync(settings);
        await scenario.WaitForPushAsync(scenario.Image("app"), commit);
        await Eventually.WaitAsync(_ => Task.FromResult(api.Requests.Count), count => count >= 4, BuilderScenario.StepTimeout,
            scenario.Failure("the builder to try its statuses again after the 401s"));

        var log = await File.ReadAllLinesAsync(scenario.LogPath);
        var unauthorized = log.Where(l => l.Contains("HTTP 401", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(unauthorized);
        Assert.Contains("Gitea", line);
        Assert.Contains(api.Repository, line);
        Assert.DoesNotContain(log, l => l.Contains(token, StringComparison.Ordinal));
        Assert.All(api.Requests, r => Assert.Equal(401, r.Answer));
        Assert.Empty(api.Created);
    }

    [Fact]
    public async Task A_provider_without_a_token_stops_the_builder_at_start_with_the_key_named_and_no_secret_shown()
    {
        await using var api = await FakeGitHubStatusApi.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var settings = Settings("github", api, PublicUrl);
        settings["CommitStatuses:Token"] = "";
        settings["CommitStatuses:Repository"] = "not-owner-and-name";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => scenario.StartBuilderAsync(settings));

        var message = error.ToString();
        Assert.Contains("CommitStatuses:Token is required for GitHub", message);
        Assert.Contains("CommitStatuses:Repository is 'not-owner-and-name'", message);
        Assert.Empty(api.Requests);
    }

    /// <summary>
    /// Stops the builder, then removes what a retry it stopped may have left: an image test's container whose creation
    /// was cancelled is never removed by the builder (it had no id yet), and would hold the scenario's images.
    /// </summary>
    private static async Task StopAndRemoveTestContainersAsync(BuilderScenario scenario, string image)
    {
        await scenario.StopBuilderAsync();
        var (_, ids) = await ChildProcess.RunAsync("docker", ["ps", "-aq", "--filter", $"label=dev.platform.image-test={image}"], TimeSpan.FromSeconds(30));
        foreach (var id in ids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await ChildProcess.RunAsync("docker", ["rm", "-f", id], TimeSpan.FromSeconds(30));
        }
    }

    private static Dictionary<string, string> Settings(string provider, FakeForgeStatusApi api, string? publicUrl)
    {
        var settings = new Dictionary<string, string>
        {
            ["CommitStatuses:Provider"] = provider,
            ["CommitStatuses:ApiUrl"] = api.ApiUrl,
            ["CommitStatuses:Token"] = api.Token,
            ["CommitStatuses:Repository"] = api.Repository,
            ["CommitStatuses:Timeout"] = "00:00:05",
        };
        if (publicUrl is not null)
        {
            settings["Builder:PublicUrl"] = publicUrl;
        }

        return settings;
    }

    /// <summary>Waits until the context's last created status has the state; returns it.</summary>
    private static async Task<RecordedStatus> FinalAsync(BuilderScenario scenario, FakeForgeStatusApi api, string context, string state)
    {
        var created = await Eventually.WaitAsync(
            _ => Task.FromResult(api.CreatedFor(context)),
            statuses => statuses.Count > 0 && statuses[^1].State == state,
            BuilderScenario.StepTimeout,
            scenario.Failure($"a {state} status for {context}; requests: {string.Join(" | ", api.Requests)}"));
        return created[^1];
    }

    /// <summary>The status links to the log of a build of the image at its commit, as GET /api/builds lists it, and that log is there.</summary>
    private static async Task AssertLogLinkAsync(BuilderScenario scenario, RecordedStatus status, string image, string outcome, string logText)
    {
        var match = LogLink().Match(status.TargetUrl ?? "");
        Assert.True(match.Success, scenario.Failure($"expected a link {PublicUrl}/api/builds/<id>/log, saw '{status.TargetUrl}'"));
        var id = long.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var builds = await scenario.BuildsAsync(image);
        Assert.True(builds.Any(b => b.GetProperty("id").GetInt64() == id && b.GetProperty("outcome").GetString() == outcome
                && b.GetProperty("commit").GetString() == status.Commit),
            scenario.Failure($"expected build {id} to be a {outcome} build of {image} at {status.Commit[..7]}, GET /api/builds says: {string.Join(", ", builds)}"));
        Assert.Contains(logText, await scenario.BuildLogAsync(id));
    }

    [GeneratedRegex("^https://platform\\.example\\.test/api/builds/(?<id>[0-9]+)/log$")]
    private static partial Regex LogLink();

    [GeneratedRegex("^built linux/amd64, linux/arm64 in [0-9]+ s$")]
    private static partial Regex BuiltBothPlatforms();
}

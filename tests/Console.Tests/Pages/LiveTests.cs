using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.Console.Tests.Environment;
using Platform.Testing;

namespace Platform.Console.Tests.Pages;

/// <summary>The loop end to end in the browser: a commit, seen live on open pages from its build to its deployment.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LiveTests(ConsoleEnvironment environment)
{
    private const string Service = "dataplatform/status-api";

    /// <summary>From the event on the bus to the change on an open page.</summary>
    private static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_commit_shows_on_open_pages_as_it_builds_with_its_log_streaming_then_as_it_deploys_and_a_rollback_shows_too_without_a_reload()
    {
        var before = (await environment.WaitForDeploymentAsync(Service, _ => true, $"the first deployment of {Service}")).GetProperty("digest").GetString()!;
        var messaging = await environment.ConnectionStringAsync("messaging");
        await using var pushes = await MessageTap.StartAsync(messaging, "Platform.Contracts.ImagePushed", CancellationToken.None);
        await using var deploys = await MessageTap.StartAsync(messaging, "Platform.Contracts.ServiceDeployed", CancellationToken.None);
        var commits = await OpenLiveAsync("/");
        var running = await OpenLiveAsync("/environment");

        environment.Repository.WriteFile("images/status-api/www/index.json", """{"service": "status-api", "version": "3.0.0"}""" + "\n");
        var commit = await environment.Repository.CommitAllAsync("status-api 3.0.0");
        using (var http = environment.Http("builder"))
        {
            (await http.PostAsync("/api/commits/check", null)).EnsureSuccessStatusCode();
        }

        // The build appears while it is queued or running, before the history has it, and its log streams.
        var row = commits.Locator($"article[data-commit='{commit}'] tr[data-image='{Service}']");
        await row.WaitForAsync();
        var firstSeen = await row.GetAttributeAsync("data-outcome");
        var log = await commits.Context.NewPageAsync();
        await row.Locator("td.links a:text('log')").WaitForAsync();
        await log.GotoAsync(await row.Locator("td.links a:text('log')").GetAttributeAsync("href") ?? "");
        await Assertions.Expect(log.Locator("pre.log")).ToContainTextAsync("Step 1/");
        var logStateWhileOpen = await log.Locator(".log-state").GetAttributeAsync("data-state");

        // Pushed: on the page within a second of the event, without a reload.
        var succeeded = commits.Locator($"article[data-commit='{commit}'] tr[data-image='{Service}'][data-outcome='Succeeded']");
        await succeeded.WaitForAsync();
        var shownAt = Stopwatch.GetTimestamp();
        // Of this image: another one may build at the commit too (one that failed at the commit before is tried again).
        var pushed = await Eventually.WaitAsync(
            _ => Task.FromResult<IReadOnlyList<JsonElement>>([.. pushes.Where("commit", commit).Where(m => m.GetProperty("image").GetString() == Service)]),
            m => m.Count > 0, ConsoleEnvironment.StepTimeout, $"ImagePushed of {Service} at the commit");
        var digest = pushed[0].GetProperty("digest").GetString()!;
        Assert.Equal(digest, await succeeded.Locator("td[data-label='digest'] code.digest").GetAttributeAsync("title"));
        AssertLive(pushes.ArrivedAt[pushed[0].ToString()], shownAt, "the pushed build on the Commits page");
        await Assertions.Expect(log.Locator(".log-state")).ToHaveAttributeAsync("data-state", "ended");
        Assert.Contains("[linux/arm64]", await log.Locator("pre.log").InnerTextAsync());

        // Deployed: the Environment page shows the new digest serving, from the same commit.
        var serving = running.Locator($"article[data-service='{Service}'] .serving code.digest[title='{digest}']");
        await serving.WaitForAsync();
        var deployedShownAt = Stopwatch.GetTimestamp();
        var deployed = await Eventually.WaitAsync(_ => Task.FromResult(deploys.Where("digest", digest)), m => m.Count > 0, ConsoleEnvironment.StepTimeout, "ServiceDeployed of the digest");
        AssertLive(deploys.ArrivedAt[deployed[0].ToString()], deployedShownAt, "the deployment on the Environment page");
        await Assertions.Expect(running.Locator($"article[data-service='{Service}'] .serving")).ToContainTextAsync(commit[..12]);

        // Rolled back by a signed-in person: the deployer's answer on the action page, the earlier digest serving on the open page.
        var admin = await environment.SignedInAsync($"/actions/rollback?service={Uri.EscapeDataString(Service)}");
        await Assertions.Expect(admin.Locator(".preview code.digest").Last).ToHaveAttributeAsync("title", before);
        await admin.ClickAsync($"button:text('Roll {Service} back')");
        await Assertions.Expect(admin.Locator(".result.ok")).ToContainTextAsync($"accepted the rollback of {Service} from {digest} to {before}");
        await running.Locator($"article[data-service='{Service}'] .serving code.digest[title='{before}']").WaitForAsync();
        var restoredShownAt = Stopwatch.GetTimestamp();
        var restored = await Eventually.WaitAsync(_ => Task.FromResult(deploys.Where("digest", before)), m => m.Count > 0, ConsoleEnvironment.StepTimeout, "ServiceDeployed of the rollback");
        AssertLive(deploys.ArrivedAt[restored[0].ToString()], restoredShownAt, "the rollback on the Environment page");

        Assert.True(await commits.EvaluateAsync<bool>("() => window.platformTestMarker === true"), "the Commits page was reloaded");
        Assert.True(await running.EvaluateAsync<bool>("() => window.platformTestMarker === true"), "the Environment page was reloaded");
        Assert.True(firstSeen is "Queued" or "Running", $"the build first showed as {firstSeen}, not while it was queued or running");
        Assert.True(logStateWhileOpen is "streaming" or "ended", $"the log page was {logStateWhileOpen}");
        await environment.SaveScreenshotAsync(running, "environment-after-rollback");
    }

    /// <summary>A page once Blazor's circuit is up, marked so that a reload (which would clear the mark) is seen.</summary>
    private async Task<IPage> OpenLiveAsync(string path)
    {
        var page = await environment.NewPageAsync();
        await ConsoleEnvironment.GotoLiveAsync(page, path);
        await page.EvaluateAsync("() => { window.platformTestMarker = true; }");
        return page;
    }

    /// <summary>The page showed the change at most a second after the test's own queue received the event (both hear the same broker).</summary>
    private static void AssertLive(long eventAt, long shownAt, string what)
    {
        var latency = Stopwatch.GetElapsedTime(eventAt, shownAt);
        Assert.True(latency <= LiveWithin, $"{what} appeared {latency.TotalMilliseconds:0} ms after the event; expected within {LiveWithin.TotalMilliseconds:0} ms");
    }
}

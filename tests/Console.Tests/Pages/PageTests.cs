using System.Text.Json;
using Microsoft.Playwright;
using Platform.Console.Tests.Environment;
using Platform.Testing;

namespace Platform.Console.Tests.Pages;

/// <summary>Each page in chromium against the real services: what it shows is what their APIs say. Each saves its screenshot.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PageTests(ConsoleEnvironment environment)
{
    private const string Service = "dataplatform/status-api";

    [Fact]
    public async Task The_commits_page_shows_each_build_of_the_first_commit_with_reason_outcome_platforms_duration_and_digest()
    {
        var build = await FirstSuccessfulBuildAsync();
        var commit = build.GetProperty("commit").GetString()!;
        var digest = build.GetProperty("digest").GetString()!;
        var page = await environment.NewPageAsync();

        await ConsoleEnvironment.GotoLiveAsync(page, "/");
        var row = page.Locator($"article[data-commit='{commit}'] tr[data-image='{Service}'][data-outcome='Succeeded']");
        await row.WaitForAsync();

        var text = await row.InnerTextAsync();
        Assert.Contains(build.GetProperty("reason").GetString()!, text);
        Assert.Contains("succeeded", text);
        Assert.Contains("linux/amd64", text);
        Assert.Contains("linux/arm64", text);
        Assert.Matches(@"\d+\.\d s", text);
        Assert.Equal(digest, await row.Locator("td[data-label='digest'] code.digest").GetAttributeAsync("title"));
        await Assertions.Expect(page.Locator(".live-stamp")).ToContainTextAsync("live");
        await environment.SaveScreenshotAsync(page, "commits");
    }

    [Fact]
    public async Task A_finished_builds_log_page_shows_every_platforms_steps()
    {
        await FirstSuccessfulBuildAsync();
        var page = await environment.NewPageAsync();
        await ConsoleEnvironment.GotoLiveAsync(page, "/");

        await page.Locator($"tr[data-image='{Service}'][data-outcome='Succeeded'] td.links a:text('log')").First.ClickAsync();

        await Assertions.Expect(page.Locator(".log-state")).ToHaveAttributeAsync("data-state", "ended");
        var log = await page.Locator("pre.log").InnerTextAsync();
        Assert.Contains("[linux/amd64] Step 1/", log);
        Assert.Contains("[linux/arm64] Step 1/", log);
        await environment.SaveScreenshotAsync(page, "build-log");
    }

    [Fact]
    public async Task The_images_page_shows_each_catalogue_image_with_its_tags_and_its_digest_per_platform()
    {
        var build = await FirstSuccessfulBuildAsync();
        var watches = await Eventually.WaitAsync(
            ct => environment.GetListAsync("registry-watcher", "/api/watches", ct),
            all => all.Any(w => w.GetProperty("image").GetString() == Service && w.GetProperty("announcedDigest").ValueKind == JsonValueKind.String),
            ConsoleEnvironment.StepTimeout, environment.Failure($"the watcher to announce {Service}"));
        var latest = watches.First(w => w.GetProperty("image").GetString() == Service && w.GetProperty("watch").GetString() == "latest");
        var page = await environment.NewPageAsync();

        await ConsoleEnvironment.GotoLiveAsync(page, "/images");
        var card = page.Locator($"article.card[data-image='{Service}']");
        await Assertions.Expect(card.Locator(".tag[data-tag='latest'] code.digest")).ToHaveAttributeAsync("title", latest.GetProperty("announcedDigest").GetString()!);

        foreach (var platform in build.GetProperty("platforms").EnumerateArray())
        {
            var line = card.Locator(".platform", new LocatorLocatorOptions { HasText = platform.GetProperty("platform").GetString() });
            Assert.Equal(platform.GetProperty("digest").GetString(), await line.Locator("code.digest").GetAttributeAsync("title"));
        }

        foreach (var image in watches.Where(w => w.GetProperty("origin").GetString() == "Catalogue").Select(w => w.GetProperty("image").GetString()).Distinct())
        {
            await Assertions.Expect(page.Locator($"article.card[data-image='{image}']")).ToBeVisibleAsync();
        }

        // The catalogue's own answer: kind, base with the Dockerfile's line, dependents; and the graph as a picture.
        await Assertions.Expect(card.Locator("dd.kind")).ToHaveAttributeAsync("data-kind", "Service");
        await Assertions.Expect(card.Locator("dd.bases")).ToContainTextAsync("dataplatform/base images/status-api/Dockerfile:1");
        await Assertions.Expect(page.Locator("article.card[data-image='dataplatform/base'] dd.dependents")).ToContainTextAsync(Service);
        var graph = page.Locator(".graph img");
        await graph.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(graph).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await graph.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the dependency graph did not load as a picture");
        var svg = await page.APIRequest.GetAsync("/images/graph.svg");
        Assert.Equal("image/svg+xml", svg.Headers["content-type"].Split(';')[0]);
        var picture = await svg.TextAsync();
        Assert.Contains($"data-image=\"{Service}\" data-kind=\"Service\"", picture);
        Assert.Contains("data-image=\"dataplatform/base\" data-kind=\"Base\"", picture);

        await environment.SaveScreenshotAsync(page, "images");
    }

    [Fact]
    public async Task The_watches_page_has_a_row_for_every_watch_with_its_policy_digest_and_checks()
    {
        var watches = await Eventually.WaitAsync(
            ct => environment.GetListAsync("registry-watcher", "/api/watches", ct),
            all => all.Count > 0 && all.All(w => w.GetProperty("lastCheckedAt").ValueKind == JsonValueKind.String),
            ConsoleEnvironment.StepTimeout, environment.Failure("every watch checked once"));
        var page = await environment.NewPageAsync();

        await ConsoleEnvironment.GotoLiveAsync(page, "/watches");
        await Assertions.Expect(page.Locator("table.watches tbody tr")).ToHaveCountAsync(watches.Count);
        foreach (var watch in watches)
        {
            var row = page.Locator($"tr[data-image='{watch.GetProperty("image").GetString()}'][data-watch='{watch.GetProperty("watch").GetString()}']");
            var text = await row.InnerTextAsync();
            Assert.Contains(watch.GetProperty("policy").GetString()!, text);
            Assert.Contains(watch.GetProperty("origin").GetString()!, text);
            if (watch.GetProperty("announcedDigest").GetString() is { } digest)
            {
                Assert.Equal(digest, await row.Locator("code.digest").GetAttributeAsync("title"));
            }
        }

        await environment.SaveScreenshotAsync(page, "watches");
    }

    [Fact]
    public async Task The_environment_page_shows_the_digest_that_serves_with_its_commit_and_the_jobs_next_run()
    {
        var deployed = await environment.WaitForDeploymentAsync(Service, _ => true, $"the first deployment of {Service}");
        var page = await environment.NewPageAsync();

        await ConsoleEnvironment.GotoLiveAsync(page, "/environment");
        var service = page.Locator($"article[data-service='{Service}']");
        await Assertions.Expect(service.Locator(".serving code.digest")).ToHaveAttributeAsync("title", deployed.GetProperty("digest").GetString()!);
        await Assertions.Expect(service.Locator(".serving")).ToContainTextAsync(deployed.GetProperty("commit").GetString()![..12]);
        var job = page.Locator("article[data-job='dataplatform/etl-weather']");
        await Assertions.Expect(job).ToContainTextAsync("next run");
        await Assertions.Expect(job).ToContainTextAsync("*/15 * * * *");
        await service.Locator("summary").ClickAsync();
        await Assertions.Expect(service.Locator("tr[data-outcome='Succeeded']").First).ToBeVisibleAsync();
        await environment.SaveScreenshotAsync(page, "environment");
    }

    [Fact]
    public async Task The_commits_page_fits_a_390_pixel_wide_phone_screen()
    {
        var build = await FirstSuccessfulBuildAsync();
        var page = await environment.NewPageAsync(width: 390, height: 844);

        await ConsoleEnvironment.GotoLiveAsync(page, "/");
        var row = page.Locator($"article[data-commit='{build.GetProperty("commit").GetString()}'] tr[data-image='{Service}']");
        await row.WaitForAsync();

        await environment.SaveScreenshotAsync(page, "commits-phone");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the 390 px screen");
        var box = await row.BoundingBoxAsync();
        Assert.True(box is { Width: <= 390 }, $"a build row is {box?.Width} px wide on a 390 px screen");
        await Assertions.Expect(row.Locator("td[data-label='digest'] code.digest")).ToBeVisibleAsync();
    }

    private async Task<JsonElement> FirstSuccessfulBuildAsync()
    {
        var builds = await Eventually.WaitAsync(
            ct => environment.GetListAsync("builder", $"/api/builds?image={Service}", ct),
            all => all.Any(b => b.GetProperty("outcome").GetString() == "Succeeded"),
            ConsoleEnvironment.StepTimeout, environment.Failure($"a successful build of {Service}"));
        return builds.Last(b => b.GetProperty("outcome").GetString() == "Succeeded");
    }
}

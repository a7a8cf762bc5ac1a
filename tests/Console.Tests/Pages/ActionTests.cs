using Microsoft.Playwright;
using Platform.Console.Tests.Environment;
using Platform.Testing;

namespace Platform.Console.Tests.Pages;

/// <summary>Signing in with the AppHost's console password, and the actions, each confirmed and sent to the builder's real API.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ActionTests(ConsoleEnvironment environment)
{
    [Fact]
    public async Task An_action_asks_for_a_sign_in_refuses_a_wrong_password_and_with_the_right_one_checks_the_repository()
    {
        var page = await environment.NewPageAsync();

        await page.GotoAsync("/actions/check-repository");
        Assert.Contains("/login", page.Url);
        await page.FillAsync("input[name=password]", "not-the-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("[role=alert]")).ToContainTextAsync("not the console password");

        await page.FillAsync("input[name=password]", environment.Password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check the repository now");
        await Assertions.Expect(page.Locator("header .account")).ToContainTextAsync("Sign out");
        await environment.SaveScreenshotAsync(page, "action-confirm");
        await page.ClickAsync("button:text('Check the repository now')");

        await Assertions.Expect(page.Locator(".result")).ToHaveTextAsync("The builder looks at the repository now (the builder answered 202 Accepted).");
    }

    [Fact]
    public async Task Cancelling_a_build_that_does_not_run_shows_the_builders_refusal_on_the_page()
    {
        var page = await environment.SignedInAsync("/actions/cancel-build?image=dataplatform/no-such-image");

        await page.ClickAsync("button:text('Cancel the build of dataplatform/no-such-image')");

        await Assertions.Expect(page.Locator(".result.bad")).ToContainTextAsync("The builder refused: 404 Not Found");
        await Assertions.Expect(page.Locator(".result")).ToContainTextAsync("dataplatform/no-such-image is not being built by this instance");
    }

    [Fact]
    public async Task Building_again_what_failed_has_the_builder_plan_the_followed_revision_again()
    {
        var page = await environment.SignedInAsync("/actions/rebuild");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Build again what failed");
        await page.ClickAsync("button:text('Build again what failed')");

        await Assertions.Expect(page.Locator(".result.ok")).ToHaveTextAsync(
            "The builder plans the followed revision again: what failed there is built again now (the builder answered 202 Accepted).");
    }

    [Fact]
    public async Task Running_a_job_now_from_the_environment_page_starts_a_run_that_the_page_then_shows()
    {
        const string Job = "dataplatform/etl-weather";
        var page = await environment.SignedInAsync("/environment");
        await ConsoleEnvironment.GotoLiveAsync(page, "/environment");
        var asked = DateTimeOffset.UtcNow;

        await page.ClickAsync($"article[data-job='{Job}'] a.action:text('run now…')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Run a job now");
        await page.ClickAsync($"button:text('Run {Job} now')");
        await Assertions.Expect(page.Locator(".result.ok")).ToContainTextAsync("started now, outside its schedule (the deployer answered 202 Accepted).");

        var runs = await Eventually.WaitAsync(
            ct => environment.GetListAsync("deployer", $"/api/jobs/runs?job={Uri.EscapeDataString(Job)}&limit=20", ct),
            all => all.Any(r => r.GetProperty("startedAt").GetDateTimeOffset() >= asked.AddSeconds(-1)),
            ConsoleEnvironment.StepTimeout, environment.Failure($"a run of {Job} started after the click"));
        var run = runs.First(r => r.GetProperty("startedAt").GetDateTimeOffset() >= asked.AddSeconds(-1));
        await page.ClickAsync("a:text('Back to the environment')");
        await Assertions.Expect(page.Locator($"article[data-job='{Job}'] tr[data-run='{run.GetProperty("runId").GetString()}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused_even_when_signed_in()
    {
        var page = await environment.SignedInAsync("/actions/check-repository");

        foreach (var (path, field, value) in new[]
        {
            ("/actions/check-repository", "_handler", "check-repository"),
            ("/actions/cancel-build?image=dataplatform/base", "_handler", "cancel-build"),
            ("/actions/run-job?job=dataplatform/etl-weather", "_handler", "run-job"),
            ("/actions/rebuild", "_handler", "rebuild"),
            ("/account/login", "password", environment.Password),
            ("/account/logout", "returnUrl", "/"),
        })
        {
            var response = await page.APIRequest.PostAsync(path, new APIRequestContextOptions
            {
                Form = page.APIRequest.CreateFormData().Append(field, value),
                MaxRedirects = 0,
            });

            Assert.True(response.Status == 400, $"POST {path} without the anti-forgery token answered {response.Status}");
        }

        // Still signed in: the refused sign-out did nothing.
        await page.GotoAsync("/actions/check-repository");
        Assert.DoesNotContain("/login", page.Url);
    }

    [Fact]
    public async Task Signing_out_takes_the_actions_away_again()
    {
        var page = await environment.SignedInAsync("/actions/check-repository");

        await page.ClickAsync("header .account button:text('Sign out')");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.Locator("header .account")).ToContainTextAsync("Sign in");
        await page.GotoAsync("/actions/check-repository");

        Assert.Contains("/login", page.Url);
    }
}

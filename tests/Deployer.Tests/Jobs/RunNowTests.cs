using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Cli;
using Platform.Deployer.Jobs;
using Platform.Testing;

namespace Platform.Deployer.Tests.Jobs;

/// <summary>
/// A run asked for now (the console's "run now", <c>platform jobs run</c>): the CLI against the deployer's real
/// <c>POST /api/jobs/run</c> on a loopback port, over the scheduler on the real engine.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class RunNowTests(DeployerFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 90_000)]
    public async Task A_job_run_now_starts_at_once_outside_its_schedule_and_with_forbid_a_second_is_refused_while_it_runs()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, """
            schedule: "0 0 1 1 *"
            env:
              JOB_SECONDS: "3"
            timeout: 20s
            concurrency: forbid
            """);
        await fixture.Images.MoveJobTagAsync(fixture.Docker, jobs.Tag, "job-v1", jobs.Deadline);
        await using var api = await ServeAsync(jobs);

        var notYet = await PlatformAsync(api, "jobs", "run", "nightly");
        Assert.True(notYet.Code != 0 && notYet.Error.Contains("scheduler is not running", StringComparison.Ordinal), $"before the scheduler runs: {notYet}");

        await jobs.StartSchedulerAsync();
        var first = await PlatformAsync(api, "jobs", "run", "nightly");
        Assert.True(first.Code == 0 && first.Output.Contains("a run of nightly started", StringComparison.Ordinal), $"the first run now: {first}");
        var running = Assert.Single(jobs.Scheduler.Running("nightly"));
        var second = await PlatformAsync(api, "jobs", "run", "nightly");
        Assert.True(second.Code != 0 && second.Error.Contains("409", StringComparison.Ordinal) && second.Error.Contains($"run {running.RunId}", StringComparison.Ordinal)
            && second.Error.Contains("forbid", StringComparison.Ordinal), $"a second run now while the first runs: {second}");
        var unknown = await PlatformAsync(api, "jobs", "run", "hourly");
        Assert.True(unknown.Code != 0 && unknown.Error.Contains("404", StringComparison.Ordinal) && unknown.Error.Contains("its jobs: nightly", StringComparison.Ordinal),
            $"a job the environment does not have: {unknown}");

        var runs = await Eventually.WaitAsync(
            ct => jobs.Runs.ListAsync("nightly", 10, ct), list => list.Any(r => r.RunId == running.RunId), RunTimeout, $"run {running.RunId} recorded");
        var done = Assert.Single(runs);
        Assert.True(done is { Outcome: JobRunOutcome.Succeeded, ExitCode: 0 } && done.Digest == fixture.Images.JobV1,
            $"expected the run now to succeed on {fixture.Images.JobV1}; saw {done}");
        await Eventually.WaitAsync(_ => Task.FromResult(jobs.Scheduler.Running("nightly")), r => r.Count == 0, RunTimeout, "the first run to end");
        var again = await PlatformAsync(api, "jobs", "run", "nightly");
        Assert.True(again.Code == 0, $"once the first run ended a second may start: {again}");
    }

    private static async Task<WebApplication> ServeAsync(JobsUnderTest jobs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(jobs.Environment);
        builder.Services.AddSingleton(jobs.Scheduler);
        builder.Services.AddSingleton(jobs.Runs);
        var app = builder.Build();
        app.MapJobEndpoints();
        await app.StartAsync(jobs.Deadline);
        return app;
    }

    private static async Task<(int Code, string Output, string Error)> PlatformAsync(WebApplication api, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await PlatformCommandLine.InvokeAsync([.. args, "--url", api.Urls.First()], output, error, timeout.Token);
        return (code, output.ToString(), error.ToString());
    }
}

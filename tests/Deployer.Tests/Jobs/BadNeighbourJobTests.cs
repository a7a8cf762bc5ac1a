using Platform.Deployer.Jobs;
using Platform.Testing;

namespace Platform.Deployer.Tests.Jobs;

/// <summary>A deployment whose values no timer could take, beside a good one in the same environment file, on the real engine.</summary>
[Collection(DeployerCollection.Name)]
public sealed class BadNeighbourJobTests(DeployerFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 90_000)]
    public async Task Jobs_with_timeouts_too_long_for_dotnet_or_a_timer_are_left_out_with_their_lines_and_the_other_job_runs()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, """
            schedule: "* * * * * *"
            env:
              JOB_SECONDS: "0"
            timeout: 20s
            """, $"""
            overflow:
              image: {TestImages.Job}
              schedule: "* * * * * *"
              timeout: 1000000000000000000h
            fifty-days:
              image: {TestImages.Job}
              schedule: "* * * * * *"
              timeout: 1200h
            """);
        await fixture.Images.MoveJobTagAsync(fixture.Docker, jobs.Tag, "job-v1", jobs.Deadline);

        var spec = await jobs.Environment.GetAsync(jobs.Deadline);
        await jobs.StartSchedulerAsync();

        var file = $"deploy/{jobs.Options.Environment}.yaml";
        Assert.Equal([
            $"{file}:12: overflow: timeout '1000000000000000000h' is out of range: it must be from 1s to 7d",
            $"{file}:16: fifty-days: timeout '1200h' is out of range: it must be from 1s to 7d",
        ], spec.Problems.Select(p => p.ToString()));
        Assert.Equal(["nightly"], spec.Jobs.Select(j => j.Name));
        var runs = await Eventually.WaitAsync(ct => jobs.Runs.ListAsync("nightly", 10, ct),
            list => list.Any(r => r.Outcome == JobRunOutcome.Succeeded), RunTimeout, "a completed run of nightly beside its broken neighbours");
        Assert.Contains(runs, r => r.Digest == fixture.Images.JobV1);
    }
}

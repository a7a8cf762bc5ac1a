using Platform.Contracts;
using Platform.Deployer.Jobs;
using Platform.Deployer.Rollouts;
using Platform.Testing;

namespace Platform.Deployer.Tests.Jobs;

/// <summary>Scheduled jobs on the real engine: each run resolves its tag when it starts, runs to completion, and is recorded and announced.</summary>
[Collection(DeployerCollection.Name)]
public sealed class JobSchedulerTests(DeployerFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    private TestImages Images => fixture.Images;

    [Fact(Timeout = 90_000)]
    public async Task A_digest_pushed_during_a_run_is_not_seen_by_it_and_is_used_by_the_next_run()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, """
            schedule: "* * * * * *"
            env:
              JOB_SECONDS: "3"
            timeout: 20s
            concurrency: forbid
            """);
        await using var completed = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(JobRunCompleted).FullName!, jobs.Deadline);
        await Images.MoveJobTagAsync(fixture.Docker, jobs.Tag, "job-v1", jobs.Deadline);
        await jobs.StartSchedulerAsync();

        var first = (await Eventually.WaitAsync(jobs.RunContainersAsync, c => c.Count > 0, RunTimeout, "the first run's container")).Single();
        Assert.Equal(Images.JobV1, first.Labels["dev.platform.digest"]);
        await Images.MoveJobTagAsync(fixture.Docker, jobs.Tag, "job-v2", jobs.Deadline);
        var job = (await jobs.Environment.GetAsync(jobs.Deadline)).Jobs.Single();
        await jobs.ImageUpdate.UseAsync(job, new ImageDigestChanged(Guid.NewGuid(), TestImages.Job, Images.RegistryHost, jobs.Tag, Images.JobV1,
            Images.JobV2, null, DigestSource.Poll, DateTimeOffset.UtcNow), jobs.Deadline);

        var runs = await Eventually.WaitAsync(
            ct => jobs.Runs.ListAsync("nightly", 100, ct),
            list => list.Any(r => r.Digest == Images.JobV2 && r.Outcome == JobRunOutcome.Succeeded),
            RunTimeout, $"a completed run of {Images.JobV2}");
        var v1 = runs.Single(r => r.RunId.ToString() == first.Labels["dev.platform.run-id"]);
        Assert.True(v1 is { Outcome: JobRunOutcome.Succeeded, ExitCode: 0 } && v1.Digest == Images.JobV1 && v1.Duration >= TimeSpan.FromSeconds(3),
            $"expected the run in progress to finish on {Images.JobV1} with exit code 0 after 3 s; saw {v1}");
        Assert.Equal(["job-v1 started", "job-v1 done"], v1.LogTail);
        var v2 = runs.Last(r => r.Digest == Images.JobV2);
        Assert.True(v2.StartedAt >= v1.FinishedAt, $"the first run of {Images.JobV2} started at {v2.StartedAt:O}, before the run of {Images.JobV1} ended at {v1.FinishedAt:O}");
        Assert.Equal(["job-v2 started", "job-v2 done"], v2.LogTail);

        var said = (await jobs.Deployments.ListAsync("nightly", 1, jobs.Deadline)).Single();
        Assert.True(said is { Outcome: DeploymentOutcome.Scheduled, Detail: { } detail } && said.Digest == Images.JobV2
            && detail.Contains("first run scheduled after the run in progress ends", StringComparison.Ordinal),
            $"expected the deployer to say which run first uses {Images.JobV2}; saw {said}");
        var announced = await Eventually.WaitAsync(_ => Task.FromResult(completed.Where("digest", Images.JobV2)), m => m.Count > 0,
            RunTimeout, "JobRunCompleted of a run of the new digest");
        Assert.Equal(("nightly", 0), (announced[0].GetProperty("job").GetString(), announced[0].GetProperty("exitCode").GetInt32()));
    }

    [Fact(Timeout = 90_000)]
    public async Task With_the_forbid_policy_a_run_due_while_one_runs_is_skipped_and_a_failing_run_is_announced_with_its_exit_code_and_log()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, """
            schedule: "* * * * * *"
            args: [--since, 1d]
            env:
              JOB_SECONDS: "2.5"
              JOB_EXIT: "4"
            timeout: 20s
            concurrency: forbid
            """);
        await using var failed = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(JobRunFailed).FullName!, jobs.Deadline);
        await Images.MoveJobTagAsync(fixture.Docker, jobs.Tag, "job-v1", jobs.Deadline);
        await jobs.StartSchedulerAsync();

        var mostAtOnce = 0;
        var runs = await Eventually.WaitAsync(
            async ct =>
            {
                mostAtOnce = Math.Max(mostAtOnce, (await jobs.RunContainersAsync(ct)).Count);
                return await jobs.Runs.ListAsync("nightly", 100, ct);
            },
            list => list.Any(r => r.Outcome == JobRunOutcome.Failed) && list.Count(r => r.Outcome == JobRunOutcome.Skipped) >= 2,
            RunTimeout, "a failed run and two skipped ones", TimeSpan.FromMilliseconds(100));

        Assert.True(mostAtOnce == 1, $"expected one run at a time with concurrency forbid; saw {mostAtOnce} run containers at once");
        var run = runs.Last(r => r.Outcome == JobRunOutcome.Failed);
        Assert.True(run.ExitCode == 4 && run.Error == "nightly: the run exited with code 4", $"expected exit code 4 named in the error; saw {run}");
        Assert.Equal(["job-v1 started --since 1d", "job-v1 done"], run.LogTail);
        foreach (var skipped in runs.Where(r => r.Outcome == JobRunOutcome.Skipped && r.ScheduledAt < run.FinishedAt - TimeSpan.FromSeconds(0.5)))
        {
            Assert.True(skipped.ScheduledAt >= run.StartedAt - TimeSpan.FromSeconds(1) && skipped.Error!.Contains("concurrency policy is forbid", StringComparison.Ordinal),
                $"expected a skipped run only while another ran ({run.StartedAt:O} to {run.FinishedAt:O}); saw {skipped}");
        }

        var announced = await Eventually.WaitAsync(_ => Task.FromResult(failed.Where("correlationId", run.RunId.ToString())), m => m.Count > 0,
            RunTimeout, $"JobRunFailed of run {run.RunId}");
        Assert.Equal((4, Images.JobV1), (announced[0].GetProperty("exitCode").GetInt32(), announced[0].GetProperty("digest").GetString()));
        Assert.Contains("job-v1 done", announced[0].GetProperty("logTail").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact(Timeout = 90_000)]
    public async Task Stopping_the_scheduler_during_a_run_returns_only_once_the_run_is_recorded_interrupted_and_its_container_is_gone()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, """
            schedule: "* * * * * *"
            env:
              JOB_SECONDS: "60"
            timeout: 2m
            concurrency: forbid
            """);
        await Images.MoveJobTagAsync(fixture.Docker, jobs.Tag, "job-v1", jobs.Deadline);
        await jobs.StartSchedulerAsync();
        await Eventually.WaitAsync(jobs.RunContainersAsync, c => c.Count > 0, RunTimeout, "a run's container");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobs.Deadline);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        await jobs.Scheduler.StopAsync(stop.Token);

        // Nothing is left to wait for: the history and the engine say it at once.
        // Occurrences due while the run went on were skipped (concurrency: forbid); the run itself is the one that ran.
        var run = Assert.Single(await jobs.Runs.ListAsync("nightly", 100, jobs.Deadline), r => r.Outcome != JobRunOutcome.Skipped);
        Assert.True(run.Outcome == JobRunOutcome.Stopped && run.Error == "nightly: interrupted: the deployer shut down while this run went on; it was stopped",
            $"expected the run recorded as interrupted by the shutdown when StopAsync returned; saw {run}");
        Assert.Empty(await jobs.RunContainersAsync(jobs.Deadline));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_run_left_by_an_earlier_deployer_is_stopped_and_recorded_when_the_scheduler_starts()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, "schedule: \"0 3 * * *\"");
        var runId = Guid.NewGuid();
        var created = await fixture.Docker.Containers.CreateContainerAsync(new global::Docker.DotNet.Models.CreateContainerParameters
        {
            Image = $"{Images.JobRepository}@{Images.JobV1}",
            Env = ["JOB_SECONDS=60"],
            Labels = new Dictionary<string, string>
            {
                ["dev.platform.managed"] = "true", ["dev.platform.environment"] = jobs.Options.Environment, ["dev.platform.job"] = "nightly",
                ["dev.platform.digest"] = Images.JobV1, ["dev.platform.image"] = Images.JobRepository, ["dev.platform.run-id"] = runId.ToString(),
            },
        }, jobs.Deadline);
        await fixture.Docker.Containers.StartContainerAsync(created.ID, new global::Docker.DotNet.Models.ContainerStartParameters(), jobs.Deadline);

        await jobs.StartSchedulerAsync();

        var runs = await Eventually.WaitAsync(ct => jobs.Runs.ListAsync("nightly", 10, ct), list => list.Count > 0, RunTimeout, "the leftover run recorded");
        var run = Assert.Single(runs);
        Assert.True(run.RunId == runId && run.Outcome == JobRunOutcome.Stopped && run.Digest == Images.JobV1
            && run.Error == "nightly: the deployer restarted while this run went on; it was stopped", $"expected the leftover run stopped and recorded; saw {run}");
        Assert.Equal(["job-v1 started"], run.LogTail);
        Assert.Empty(await jobs.RunContainersAsync(jobs.Deadline));
    }
}

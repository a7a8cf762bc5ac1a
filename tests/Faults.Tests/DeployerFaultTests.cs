using System.Text.Json;
using Platform.Faults.Tests.Harness;
using Platform.Testing;

namespace Platform.Faults.Tests;

/// <summary>The deployer killed in the middle of a rollout, of a failing rollout and of a job run.</summary>
[Collection(LoopCollection.Name)]
public sealed class DeployerFaultTests(LoopEnvironment loop)
{
    [Fact]
    public async Task A_deployer_killed_mid_rollout_redoes_it_once_while_the_old_version_answers_throughout()
    {
        var old = await loop.ServingEndpointAsync();
        // The new version takes 4 s to answer, so that the deployer dies while it waits for its health.
        loop.Repository.WriteFile("images/status-api/www/slow", "4\n");
        var mark = loop.Deployer.Mark;
        var commit = await loop.ChangeServiceAsync("deployer killed mid-rollout");
        var digest = await loop.WaitPushedAsync(commit, "deployer killed mid-rollout");
        // The old version must answer until the deployer retires it, which it does only once the new one is healthy.
        var retired = loop.Deployer.WaitForLineAsync(mark, "Retiring status-api container", TimeSpan.FromMinutes(3));
        var probe = LoopChecks.ProbeAsync(old, retired);
        await loop.Deployer.WaitForLineAsync(mark, "Rolling status-api out", TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(1));

        await loop.KillAndRestartAsync(loop.Deployer, "while it waits for the new container's health");

        await loop.AssertOnceAsync("deployer killed mid-rollout", commit);
        var failures = await probe;
        Assert.True(failures.Count == 0, $"the old version must answer until the deployer retires it; it did not at {string.Join(", ", failures)}");
        var rows = await DeploymentsOfAsync(digest);
        Assert.True(rows.Select(r => r.GetProperty("outcome").GetString()).SequenceEqual(["Interrupted", "Succeeded"]),
            $"expected the rollout of {digest} interrupted, then redone; the history says {string.Join("; ", rows)}");
        Assert.Equal(rows[0].GetProperty("id").GetInt64(), rows[1].GetProperty("retryOf").GetInt64());
        loop.Repository.DeleteFile("images/status-api/www/slow");
    }

    [Fact]
    public async Task A_deployer_killed_during_a_rollout_that_fails_keeps_the_old_version_answering_and_leaves_nothing_behind()
    {
        var old = await loop.ServingEndpointAsync();
        var oldDigest = (await loop.ContainersAsync()).Single(c => c.Name.Contains("status-api", StringComparison.Ordinal)).Digest!;
        var health = File.ReadAllText(Path.Combine(loop.Repository.Path, "images/status-api/www/health"));
        loop.Repository.DeleteFile("images/status-api/www/health");
        var mark = loop.Deployer.Mark;
        var commit = await loop.ChangeServiceAsync("deployer killed during a failing rollout");
        var digest = await loop.WaitPushedAsync(commit, "a version that never gets healthy");
        var over = Eventually.WaitAsync(_ => Task.FromResult(loop.RolledBack.Where("failedDigest", digest).Count > 0), TimeSpan.FromMinutes(3),
            $"DeploymentRolledBack of {digest}");
        var probe = LoopChecks.ProbeAsync(old, over);
        await loop.Deployer.WaitForLineAsync(mark, "Rolling status-api out", TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(2));

        await loop.KillAndRestartAsync(loop.Deployer, "during a rollout that fails");

        await over;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var failures = await probe;
        loop.Ledger.Found("deployer killed during a failing rollout", 0, Math.Max(0, loop.RolledBack.Where("failedDigest", digest).Count - 1), "");
        Assert.True(failures.Count == 0, $"the old version must answer throughout a failed rollout; it did not at {string.Join(", ", failures)}");
        Assert.Empty(loop.Deployed.Where("digest", digest));
        var containers = await loop.ContainersAsync();
        Assert.True(containers.Count == 1 && containers[0].Digest == oldDigest && containers[0].State == "running",
            $"expected only the old version's container, saw [{string.Join("; ", containers)}]");
        var rows = await DeploymentsOfAsync(digest);
        Assert.True(rows.Count == 2 && rows[0].GetProperty("outcome").GetString() == "Interrupted" && rows[1].GetProperty("outcome").GetString() == "RolledBack",
            $"expected the failing rollout of {digest} interrupted, then rolled back; the history says {string.Join("; ", rows)}");
        loop.Repository.WriteFile("images/status-api/www/health", health);
    }

    [Fact]
    public async Task A_deployer_killed_during_a_job_run_records_the_run_removes_its_container_and_runs_the_job_again()
    {
        // First a slow version of the job's image, built and pushed; then its schedule: the first run is slow.
        await loop.SettleAsync();
        var script = File.ReadAllText(Path.Combine(loop.Repository.Path, "images/etl-weather/run.sh"));
        loop.Repository.WriteFile("images/etl-weather/run.sh", script.Replace("set -eu\n", "set -eu\nsleep 6\n", StringComparison.Ordinal));
        var slow = await loop.Repository.CommitAllAsync("a slow job");
        await Eventually.WaitAsync(
            _ => Task.FromResult(loop.Pushed.Where("commit", slow).Any(m => m.GetProperty("image").GetString() == LoopEnvironment.Job)),
            TimeSpan.FromMinutes(3), $"ImagePushed of {LoopEnvironment.Job} at {slow[..7]}");
        await loop.SettleAsync();
        loop.Repository.WriteFile($"deploy/{loop.EnvironmentName}.yaml", loop.EnvironmentFile("schedule: \"*/5 * * * * *\"\n    timeout: 1m\n    concurrency: forbid"));
        var mark = loop.Deployer.Mark;
        await loop.Repository.CommitAllAsync("the slow job, scheduled every 5 s");
        var started = await loop.Deployer.WaitForLineAsync(mark, "etl-weather: starting run", TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(2));

        await loop.KillAndRestartAsync(loop.Deployer, "during a job run");

        var completed = await Eventually.WaitAsync(
            _ => Task.FromResult(loop.JobRuns.Messages.Where(m => m.GetProperty("job").GetString() == "etl-weather").ToList()),
            runs => runs.Count > 0, TimeSpan.FromMinutes(2), "a run of etl-weather to complete after the restart");
        var runs = (await LoopEnvironment.GetAsync(loop.Deployer, "api/jobs/runs?job=etl-weather&limit=20")).EnumerateArray().ToList();
        Assert.True(runs.Any(r => r.GetProperty("outcome").GetString() is not ("Succeeded" or "Skipped")),
            $"expected the run the kill interrupted ({started}) in the job's history, saw {string.Join("; ", runs)}");

        loop.Repository.WriteFile($"deploy/{loop.EnvironmentName}.yaml", loop.EnvironmentFile(job: null));
        loop.Repository.WriteFile("images/etl-weather/run.sh", script);
        await loop.Repository.CommitAllAsync("the job is not scheduled any more");
        await Eventually.WaitAsync(
            async _ => (await loop.ContainersAsync()).All(c => !c.Name.Contains("etl-weather", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(1), "no run container of etl-weather left once the job is off the schedule");
        loop.Ledger.Found("deployer killed during a job run", 0, 0, $"{completed.Count} run(s) completed after the restart");
    }

    private async Task<IReadOnlyList<JsonElement>> DeploymentsOfAsync(string digest) =>
        [.. (await LoopEnvironment.GetAsync(loop.Deployer, "api/deployments?service=status-api&limit=50")).EnumerateArray()
            .Where(r => r.GetProperty("digest").GetString() == digest).OrderBy(r => r.GetProperty("id").GetInt64())];
}

using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Catalog.Yaml;
using Platform.Contracts;
using Platform.Deployer.Docker;
using Platform.Deployer.Ledger;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Jobs;

/// <summary>
/// Records every run in the job run history and in the ledger (a successful run counts for its digest's stint, a failed
/// one is an incident of it) and announces it: JobRunCompleted for exit code 0, JobRunFailed otherwise.
/// </summary>
public sealed class JobRunRecorder(
    JobRunHistory history, DeploymentHistory deployments, DeploymentLedger ledger, IBus bus, TimeProvider time, IOptions<DeployerOptions> options,
    ILogger<JobRunRecorder> logger)
{
    /// <param name="job">The job as the environment describes it (its tag goes to the ledger); null for a run an earlier process left.</param>
    public async Task FinishedAsync(JobRunRecord run, CancellationToken cancellationToken, JobDeployment? job = null)
    {
        await history.RecordAsync(run, cancellationToken);
        var commit = run.Digest is null ? null : await deployments.CommitOfAsync(run.Job, run.Digest, cancellationToken);
        // A run stopped by the deployer or by a newer run says nothing about its image; a run that never resolved a digest has no stint.
        if (run is { Digest: { } digest, Outcome: JobRunOutcome.Succeeded or JobRunOutcome.Failed or JobRunOutcome.TimedOut })
        {
            await ledger.RecordRunAsync(
                new StintStart(run.Job, DeploymentKind.Job, digest, run.Image, job?.Promote is null ? job?.Image.Policy.Tag : null, commit, run.StartedAt),
                run.Outcome == JobRunOutcome.Succeeded, run.Error, cancellationToken);
        }

        var environment = options.Value.Environment;
        if (run.Outcome == JobRunOutcome.Succeeded)
        {
            logger.LogInformation("{Job}: run {Run} of {Digest} completed in {Duration}", run.Job, run.RunId, run.Digest, Durations.Format(run.Duration));
            await bus.Publish(new JobRunCompleted(run.RunId, run.Job, run.Image, run.Digest!, run.ExitCode ?? 0, run.ScheduledAt, run.StartedAt,
                run.Duration, run.LogTail, run.FinishedAt, environment, commit), cancellationToken);
            return;
        }

        logger.LogError("{Job}: run {Run} {Outcome}: {Error}\n{LogTail}", run.Job, run.RunId, run.Outcome, run.Error, string.Join('\n', run.LogTail));
        await bus.Publish(new JobRunFailed(run.RunId, run.Job, run.Image, run.Digest, run.ExitCode, run.Error ?? run.Outcome.ToString(),
            run.ScheduledAt, run.StartedAt, run.Duration, run.LogTail, run.FinishedAt, environment, commit), cancellationToken);
    }

    public async Task SkippedAsync(JobDeployment job, string registry, DateTimeOffset scheduledAt, ActiveRun running, CancellationToken cancellationToken)
    {
        var reason = $"{job.Name}: run {running.RunId} (started {running.StartedAt:u}) still runs and the concurrency policy is forbid";
        logger.LogInformation("Skipping the run scheduled at {ScheduledAt}: {Reason}", scheduledAt, reason);
        try
        {
            await history.RecordAsync(new JobRunRecord(Guid.NewGuid(), job.Name, $"{job.Image.Registry ?? registry}/{job.Image.Repository}", null,
                JobRunOutcome.Skipped, null, scheduledAt, time.GetUtcNow(), TimeSpan.Zero, reason, []), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Recording the skipped run of {Job} failed", job.Name);
        }
    }
}

using MassTransit;
using Platform.Contracts;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Jobs;

/// <summary>Records every run in the job run history and announces it: JobRunCompleted for exit code 0, JobRunFailed otherwise.</summary>
public sealed class JobRunRecorder(JobRunHistory history, IBus bus, TimeProvider time, ILogger<JobRunRecorder> logger)
{
    public async Task FinishedAsync(JobRunRecord run, CancellationToken cancellationToken)
    {
        await history.RecordAsync(run, cancellationToken);
        if (run.Outcome == JobRunOutcome.Succeeded)
        {
            logger.LogInformation("{Job}: run {Run} of {Digest} completed in {Duration}", run.Job, run.RunId, run.Digest, Durations.Format(run.Duration));
            await bus.Publish(new JobRunCompleted(run.RunId, run.Job, run.Image, run.Digest!, run.ExitCode ?? 0, run.ScheduledAt, run.StartedAt,
                run.Duration, run.LogTail, run.FinishedAt), cancellationToken);
            return;
        }

        logger.LogError("{Job}: run {Run} {Outcome}: {Error}\n{LogTail}", run.Job, run.RunId, run.Outcome, run.Error, string.Join('\n', run.LogTail));
        await bus.Publish(new JobRunFailed(run.RunId, run.Job, run.Image, run.Digest, run.ExitCode, run.Error ?? run.Outcome.ToString(),
            run.ScheduledAt, run.StartedAt, run.Duration, run.LogTail, run.FinishedAt), cancellationToken);
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

using System.Collections.Concurrent;
using Platform.Deployer.Jobs;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;
using Platform.Registry;

namespace Platform.Deployer.Docker;

/// <summary>
/// Runs the environment's jobs on their schedules (Cronos), on the Docker engine. Each occurrence starts
/// one run unless the job's concurrency policy says otherwise: <c>forbid</c> skips it while a run goes
/// on, <c>replace</c> stops the running one, <c>allow</c> runs both. Occurrences missed while the deployer
/// was down are not made up for; a job seen for the first time starts at its next occurrence.
/// </summary>
public sealed class JobScheduler(
    EnvironmentSource environment,
    JobRunRecorder recorder,
    DockerJobRunner runner,
    DeploymentLedger ledger,
    PlatformRegistry registry,
    TimeProvider time,
    ILogger<JobScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, JobState> jobs = new(StringComparer.Ordinal);
    private CancellationToken stopping = new(canceled: true);

    /// <summary>The next occurrence at which <paramref name="job"/> starts a run (the one that will use a digest pushed now).</summary>
    public DateTimeOffset? NextRun(JobDeployment job)
    {
        var now = time.GetUtcNow();
        var cursor = jobs.TryGetValue(job.Name, out var state) && state.Cursor > now ? state.Cursor : now;
        return job.Schedule.Next(cursor);
    }

    /// <summary>The runs of <paramref name="job"/> going on now.</summary>
    public IReadOnlyList<ActiveRun> Running(string job) => jobs.TryGetValue(job, out var state) ? [.. state.Active.Values] : [];

    /// <summary>
    /// Starts a run of <paramref name="job"/> now, outside its schedule (the console's and <c>platform jobs run</c>'s request):
    /// the run, or null and why not: the scheduler does not run, or a run goes on and the job's policy is <c>forbid</c>.
    /// With <c>replace</c> the run going on is stopped; the schedule's own occurrences go on as before.
    /// </summary>
    public (ActiveRun? Run, string? WhyNot) RunNow(JobDeployment job)
    {
        if (stopping.IsCancellationRequested)
        {
            return (null, "the deployer's job scheduler is not running (it starts with the deployer, and stops with it)");
        }

        var state = jobs.GetOrAdd(job.Name, _ => new JobState(time.GetUtcNow()));
        lock (state)
        {
            if (job.Concurrency == ConcurrencyPolicy.Forbid && state.Active.Values.FirstOrDefault() is { } running)
            {
                return (null, $"{job.Name} has a run going on (run {running.RunId}, started {running.StartedAt:u}) and its concurrency is forbid; nothing was started");
            }

            logger.LogInformation("{Job}: a run was asked for now, outside its schedule", job.Name);
            return (Start(job, state, time.GetUtcNow(), stopping), null);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        // Runs that an earlier deployer process started are awaited by no one: stop them and record why.
        foreach (var leftover in await runner.StopLeftoversAsync(stoppingToken))
        {
            await recorder.FinishedAsync(leftover, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = time.GetUtcNow() + LongestSleep;
            try
            {
                var spec = await environment.GetAsync(stoppingToken);
                foreach (var job in spec.Jobs)
                {
                    var next = Tick(job, stoppingToken);
                    wake = next is { } at && at < wake ? at : wake;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopped while the environment was read (a git process): the runs going on are still waited for below.
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Reading the environment's jobs failed; trying again in {Delay}", LongestSleep);
            }

            var delay = wake - time.GetUtcNow();
            try
            {
                await Task.Delay(delay > TimeSpan.FromMilliseconds(10) ? delay : TimeSpan.FromMilliseconds(10), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        // The runs going on were stopped with the service: wait until each has recorded how it ended and removed its container.
        await Task.WhenAll(jobs.Values.SelectMany(j => j.Active.Values).Select(r => r.Completion));
    }

    /// <summary>Starts the job's run when an occurrence is due; returns when the next one is.</summary>
    private DateTimeOffset? Tick(JobDeployment job, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var state = jobs.GetOrAdd(job.Name, _ => new JobState(now));
        if (state.Schedule != job.Schedule)
        {
            // A new or changed schedule counts from now: no burst of occurrences it would have had.
            (state.Schedule, state.Cursor) = (job.Schedule, now);
        }

        var due = job.Schedule.Next(state.Cursor);
        if (due is null || due > now)
        {
            return due;
        }

        state.Cursor = now;
        lock (state)
        {
            Start(job, state, due.Value, stoppingToken);
        }

        return job.Schedule.Next(now);
    }

    /// <summary>Starts a run unless the policy skips it (recorded as skipped); the caller holds the job's state.</summary>
    private ActiveRun? Start(JobDeployment job, JobState state, DateTimeOffset scheduledAt, CancellationToken stoppingToken)
    {
        var running = state.Active.Values.ToList();
        if (running.Count > 0 && job.Concurrency == ConcurrencyPolicy.Forbid)
        {
            _ = recorder.SkippedAsync(job, registry.Host, scheduledAt, running[0], stoppingToken);
            return null;
        }

        if (job.Concurrency == ConcurrencyPolicy.Replace)
        {
            foreach (var old in running)
            {
                logger.LogInformation("{Job}: the run scheduled at {ScheduledAt} replaces run {Run}", job.Name, scheduledAt, old.RunId);
                try
                {
                    old.Stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // It ended in the meantime.
                }
            }
        }

        var run = new ActiveRun(Guid.NewGuid(), scheduledAt, time.GetUtcNow(), CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        state.Active[run.RunId] = run;
        run.Completion = RunAsync(job, state, run, stoppingToken);
        return run;
    }

    private async Task RunAsync(JobDeployment job, JobState state, ActiveRun run, CancellationToken stoppingToken)
    {
        // A scheduled run is a trace of its own: no message led to it.
        using var activity = DeployerTelemetry.Source.StartActivity($"run {job.Name}");
        activity?.SetTag("platform.job", job.Name);
        activity?.SetTag("platform.run_id", run.RunId);
        try
        {
            // A promoted job runs the digest promoted to this environment, and nothing before one is.
            var pinned = job.Promote is null ? null : (await ledger.RunningAsync(job.Name, run.Stop.Token))?.Digest;
            if (job.Promote is not null && pinned is null)
            {
                logger.LogInformation("{Job}: no digest has been promoted from {Source} yet; the run scheduled at {ScheduledAt} does not start",
                    job.Name, job.Promote.From, run.ScheduledAt);
                return;
            }

            logger.LogInformation("{Job}: starting run {Run} scheduled at {ScheduledAt}", job.Name, run.RunId, run.ScheduledAt);
            var record = await runner.RunAsync(job, registry.Host, run.RunId, run.ScheduledAt, run.Stop.Token, pinned);
            if (record.Outcome == JobRunOutcome.Stopped)
            {
                // Say which of the two stops it was: the history keeps every interrupted run with its reason.
                record = record with
                {
                    Error = stoppingToken.IsCancellationRequested
                        ? $"{job.Name}: interrupted: the deployer shut down while this run went on; it was stopped"
                        : $"{job.Name}: a newer run replaced this one (concurrency: replace); it was stopped",
                };
                logger.LogWarning("{Job}: run {Run} was stopped before it finished: {Reason}", job.Name, run.RunId, record.Error);
            }

            await recorder.FinishedAsync(record, CancellationToken.None, job);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Job}: run {Run} failed unexpectedly", job.Name, run.RunId);
        }
        finally
        {
            state.Active.TryRemove(run.RunId, out _);
            run.Stop.Dispose();
        }
    }

    private sealed class JobState(DateTimeOffset cursor)
    {
        public DateTimeOffset Cursor { get; set; } = cursor;

        public CronSchedule? Schedule { get; set; }

        public ConcurrentDictionary<Guid, ActiveRun> Active { get; } = new();
    }
}

/// <summary>A run going on: when it was scheduled and started, and how to stop it.</summary>
public sealed record ActiveRun(Guid RunId, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, CancellationTokenSource Stop)
{
    public Task Completion { get; set; } = Task.CompletedTask;
}

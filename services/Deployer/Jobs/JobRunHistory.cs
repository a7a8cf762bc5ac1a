using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.State;

namespace Platform.Deployer.Jobs;

/// <summary>Every run of every scheduled job, with its exit code, duration and last log lines, kept across restarts.</summary>
public sealed class JobRunHistory(IOptions<DeployerOptions> options)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS job_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            job TEXT NOT NULL,
            image TEXT NOT NULL,
            digest TEXT,
            outcome TEXT NOT NULL,
            exit_code INTEGER,
            scheduled_at TEXT NOT NULL,
            started_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            error TEXT,
            log_tail TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS job_runs_by_job ON job_runs (job, id);
        """;

    private readonly SqliteDatabase database = new(Path.Combine(options.Value.DataDirectory, "job-runs.db"), Schema);

    public Task RecordAsync(JobRunRecord run, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            INSERT INTO job_runs (run_id, job, image, digest, outcome, exit_code, scheduled_at, started_at, duration_ms, error, log_tail)
            VALUES (@RunId, @Job, @Image, @Digest, @Outcome, @ExitCode, @ScheduledAt, @StartedAt, @DurationMs, @Error, @LogTail);
            """,
            new
            {
                run.RunId, run.Job, run.Image, run.Digest, Outcome = run.Outcome.ToString(), run.ExitCode, run.ScheduledAt, run.StartedAt,
                DurationMs = (long)run.Duration.TotalMilliseconds, run.Error, LogTail = string.Join('\n', run.LogTail),
            },
            cancellationToken);

    /// <summary>The newest runs first, of one job or of all.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> ListAsync(string? job, int limit, CancellationToken cancellationToken) =>
        [.. (await database.QueryAsync<RunRow>(
            """
            SELECT id, run_id, job, image, digest, outcome, exit_code, scheduled_at, started_at, duration_ms, error, log_tail
            FROM job_runs WHERE @job IS NULL OR job = @job ORDER BY id DESC LIMIT @limit;
            """,
            new { job, limit }, cancellationToken)).Select(row => row.ToRecord())];

    private sealed class RunRow
    {
        public long Id { get; init; }
        public Guid RunId { get; init; }
        public string Job { get; init; } = "";
        public string Image { get; init; } = "";
        public string? Digest { get; init; }
        public JobRunOutcome Outcome { get; init; }
        public int? ExitCode { get; init; }
        public DateTimeOffset ScheduledAt { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public long DurationMs { get; init; }
        public string? Error { get; init; }
        public string LogTail { get; init; } = "";

        public JobRunRecord ToRecord() =>
            new(RunId, Job, Image, Digest, Outcome, ExitCode, ScheduledAt, StartedAt, TimeSpan.FromMilliseconds(DurationMs), Error,
                LogTail.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Id = Id,
            };
    }
}

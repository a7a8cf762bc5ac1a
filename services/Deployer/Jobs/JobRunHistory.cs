using System.Globalization;
using Microsoft.Data.Sqlite;
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

    public async Task RecordAsync(JobRunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO job_runs (run_id, job, image, digest, outcome, exit_code, scheduled_at, started_at, duration_ms, error, log_tail)
            VALUES ($run, $job, $image, $digest, $outcome, $exit, $scheduled, $started, $duration, $error, $log);
            """;
        command.Parameters.AddWithValue("$run", run.RunId.ToString());
        command.Parameters.AddWithValue("$job", run.Job);
        command.Parameters.AddWithValue("$image", run.Image);
        command.Parameters.AddWithValue("$digest", (object?)run.Digest ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", run.Outcome.ToString());
        command.Parameters.AddWithValue("$exit", (object?)run.ExitCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$scheduled", run.ScheduledAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$started", run.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$duration", (long)run.Duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$error", (object?)run.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$log", string.Join('\n', run.LogTail));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest runs first, of one job or of all.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> ListAsync(string? job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, run_id, job, image, digest, outcome, exit_code, scheduled_at, started_at, duration_ms, error, log_tail
            FROM job_runs WHERE $job IS NULL OR job = $job ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$job", (object?)job ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<JobRunRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new JobRunRecord(
                Guid.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Enum.Parse<JobRunOutcome>(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture),
                TimeSpan.FromMilliseconds(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetString(11).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Id = reader.GetInt64(0),
            });
        }

        return result;
    }
}

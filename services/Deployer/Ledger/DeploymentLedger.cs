using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Platform.Deployer.Ledger;

/// <summary>
/// The ledger of what ran in this environment (<c>ledger.db</c>), kept across restarts: per deployment, each digest
/// with its commit, tag, start, end and why it ended, its job runs and its incidents. At most one stint of a
/// deployment runs at a time (a unique index says so); starting one ends the one before.
/// </summary>
public sealed class DeploymentLedger(LedgerDatabase ledger, TimeProvider time)
{
    private const string Columns = "id, environment, deployment, kind, digest, image, tag, commit_id, started_at, ended_at, end_reason, end_detail, " +
        "runs_succeeded, runs_failed, incidents, promoted_from, source_stint, command_key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <paramref name="start"/>'s digest runs now: the running stint of the deployment ends (as <paramref name="endPrevious"/>) and a new one
    /// starts, unless the running one is of the same digest, which goes on. Returns the running stint.
    /// </summary>
    public async Task<Stint> StartAsync(StintStart start, StintEnd endPrevious, string? endDetail, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var running = await RunningAsync(connection, transaction, start.Deployment, cancellationToken);
        if (running?.Digest == start.Digest)
        {
            return running;
        }

        if (running is not null)
        {
            await EndAsync(connection, transaction, running.Id, start.At, endPrevious, endDetail ?? $"replaced by {start.Digest}", cancellationToken);
        }

        var id = await InsertAsync(connection, transaction, start, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>A rollout of <paramref name="start"/>'s digest that never served: a stint ended at once, with the reason as its incident.</summary>
    public async Task<Stint> FailedRolloutAsync(StintStart start, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var id = await InsertAsync(connection, transaction, start, (StintEnd.FailedRollout, reason), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>
    /// A job run of <paramref name="digest"/> ended: counted on the running stint, or on a new one when the run used another digest
    /// than the running stint (a tag moved). A failed run is an incident of its stint.
    /// </summary>
    public async Task RecordRunAsync(StintStart run, bool succeeded, string? failure, CancellationToken cancellationToken)
    {
        var stint = await StartAsync(run, StintEnd.Replaced, $"replaced by {run.Digest}: the run at {run.At:u} used it", cancellationToken);
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = succeeded
            ? "UPDATE stints SET runs_succeeded = runs_succeeded + 1 WHERE id = $id;"
            : "UPDATE stints SET runs_failed = runs_failed + 1, incidents = json_insert(incidents, '$[#]', json($incident)) WHERE id = $id;";
        command.Parameters.AddWithValue("$id", stint.Id);
        command.Parameters.AddWithValue("$incident", JsonSerializer.Serialize(new Incident(run.At, failure ?? "the run failed"), Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds an incident to a stint (a container of a serving version that stopped or restarted).</summary>
    public async Task AddIncidentAsync(long stint, Incident incident, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE stints SET incidents = json_insert(incidents, '$[#]', json($incident)) WHERE id = $id;";
        command.Parameters.AddWithValue("$id", stint);
        command.Parameters.AddWithValue("$incident", JsonSerializer.Serialize(incident, Json));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stint of the deployment that runs now, if any.</summary>
    public async Task<Stint?> RunningAsync(string deployment, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        return await RunningAsync(connection, null, deployment, cancellationToken);
    }

    public async Task<Stint?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM stints WHERE id = $id;", c => c.Parameters.AddWithValue("$id", id), cancellationToken)).SingleOrDefault();

    /// <summary>The newest stints first, of one deployment or of all.</summary>
    public Task<IReadOnlyList<Stint>> ListAsync(string? deployment, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM stints WHERE $deployment IS NULL OR deployment = $deployment ORDER BY id DESC LIMIT $limit;",
            command =>
            {
                command.Parameters.AddWithValue("$deployment", (object?)deployment ?? DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
            }, cancellationToken);

    public DateTimeOffset Now => time.GetUtcNow();

    private async Task<Stint?> RunningAsync(SqliteConnection connection, SqliteTransaction? transaction, string deployment, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM stints WHERE deployment = $deployment AND ended_at IS NULL;";
        command.Parameters.AddWithValue("$deployment", deployment);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task EndAsync(
        SqliteConnection connection, SqliteTransaction transaction, long id, DateTimeOffset at, StintEnd reason, string detail, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE stints SET ended_at = $at, end_reason = $reason, end_detail = $detail WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", Text(at));
        command.Parameters.AddWithValue("$reason", reason.ToString());
        command.Parameters.AddWithValue("$detail", detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, StintStart start, (StintEnd Reason, string Detail)? endedAtOnce, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO stints (environment, deployment, kind, digest, image, tag, commit_id, started_at, ended_at, end_reason, end_detail, incidents,
                promoted_from, source_stint, command_key)
            VALUES ($environment, $deployment, $kind, $digest, $image, $tag, $commit, $at, $endedAt, $reason, $detail, $incidents, $from, $source, $key)
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$environment", ledger.Environment);
        command.Parameters.AddWithValue("$deployment", start.Deployment);
        command.Parameters.AddWithValue("$kind", start.Kind.ToString());
        command.Parameters.AddWithValue("$digest", start.Digest);
        command.Parameters.AddWithValue("$image", (object?)start.Image ?? DBNull.Value);
        command.Parameters.AddWithValue("$tag", (object?)start.Tag ?? DBNull.Value);
        command.Parameters.AddWithValue("$commit", (object?)start.Commit ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", Text(start.At));
        command.Parameters.AddWithValue("$endedAt", endedAtOnce is null ? DBNull.Value : Text(start.At));
        command.Parameters.AddWithValue("$reason", endedAtOnce is { } ended ? ended.Reason.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$detail", endedAtOnce is { } failed ? failed.Detail : DBNull.Value);
        command.Parameters.AddWithValue("$incidents", endedAtOnce is { } incident
            ? JsonSerializer.Serialize(new[] { new Incident(start.At, incident.Detail) }, Json)
            : "[]");
        command.Parameters.AddWithValue("$from", (object?)start.PromotedFrom ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", (object?)start.SourceStint ?? DBNull.Value);
        command.Parameters.AddWithValue("$key", (object?)start.CommandKey ?? DBNull.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<Stint>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Stint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static Stint Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        Enum.Parse<DeploymentKind>(reader.GetString(3)),
        reader.GetString(4),
        Nullable(reader, 5),
        Nullable(reader, 6),
        Nullable(reader, 7),
        Time(reader.GetString(8)),
        Nullable(reader, 9) is { } ended ? Time(ended) : null,
        Nullable(reader, 10) is { } reason ? Enum.Parse<StintEnd>(reason) : null,
        Nullable(reader, 11),
        reader.GetInt32(12),
        reader.GetInt32(13),
        JsonSerializer.Deserialize<Incident[]>(reader.GetString(14), Json) ?? [],
        Nullable(reader, 15),
        reader.IsDBNull(16) ? null : reader.GetInt64(16),
        Nullable(reader, 17));

    private static string? Nullable(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Text(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}

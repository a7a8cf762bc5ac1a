using System.Text.Json;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.State;

namespace Platform.Deployer.Rollouts;

/// <summary>Every rollout the deployer attempted, kept across restarts; a rollout is written when it starts and completed when it ends.</summary>
public sealed class DeploymentHistory(IOptions<DeployerOptions> options)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS deployments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            service TEXT NOT NULL,
            digest TEXT NOT NULL,
            commit_id TEXT,
            correlation_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            container_id TEXT,
            endpoint TEXT,
            error TEXT,
            at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS deployments_by_service ON deployments (service, outcome, id);
        """;

    private static readonly string[] Migrations =
    [
        "ALTER TABLE deployments ADD COLUMN image TEXT; ALTER TABLE deployments ADD COLUMN previous_digest TEXT; ALTER TABLE deployments ADD COLUMN detail TEXT",
        "ALTER TABLE deployments ADD COLUMN retry_of INTEGER; ALTER TABLE deployments ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE deployments ADD COLUMN log_tail TEXT",
    ];

    private const string Columns = "id, service, digest, commit_id, correlation_id, outcome, container_id, endpoint, error, at, image, previous_digest, detail, retry_of, attempt, log_tail";

    private readonly SqliteDatabase database = new(Path.Combine(options.Value.DataDirectory, "deployments.db"), Schema, Migrations);

    /// <summary>Adds a record; returns its id.</summary>
    public async Task<long> RecordAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO deployments (service, digest, commit_id, correlation_id, outcome, container_id, endpoint, error, at, image, previous_digest, detail, retry_of, attempt, log_tail)
            VALUES ($service, $digest, $commit, $correlation, $outcome, $container, $endpoint, $error, $at, $image, $previous, $detail, $retryOf, $attempt, $logTail)
            RETURNING id;
            """;
        Bind(command, deployment);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Rewrites the record <see cref="DeploymentRecord.Id"/> names: how a rollout in progress ends.</summary>
    public async Task CompleteAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE deployments SET service = $service, digest = $digest, commit_id = $commit, correlation_id = $correlation, outcome = $outcome,
                container_id = $container, endpoint = $endpoint, error = $error, at = $at, image = $image, previous_digest = $previous,
                detail = $detail, retry_of = $retryOf, attempt = $attempt, log_tail = $logTail
            WHERE id = $id;
            """;
        Bind(command, deployment);
        command.Parameters.AddWithValue("$id", deployment.Id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"deployment record {deployment.Id} of {deployment.Service} is not in the history");
        }
    }

    /// <summary>The newest rollouts first, of one service or of all.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(string? service, int limit, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM deployments WHERE $service IS NULL OR service = $service ORDER BY id DESC LIMIT $limit;",
            command =>
            {
                command.Parameters.AddWithValue("$service", (object?)service ?? DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
            }, cancellationToken);

    /// <summary>The commit a digest of a deployment was announced with (its newest record that names one), if any.</summary>
    public async Task<string?> CommitOfAsync(string service, string digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT commit_id FROM deployments WHERE service = $service AND digest = $digest AND commit_id IS NOT NULL ORDER BY id DESC LIMIT 1;";
        command.Parameters.AddWithValue("$service", service);
        command.Parameters.AddWithValue("$digest", digest);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Rollouts still marked in progress, oldest first: at start, those an earlier deployer process never finished.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> InProgressAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM deployments WHERE outcome = $outcome ORDER BY id;",
            command => command.Parameters.AddWithValue("$outcome", nameof(DeploymentOutcome.InProgress)), cancellationToken);

    private async Task<IReadOnlyList<DeploymentRecord>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<DeploymentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static void Bind(SqliteCommand command, DeploymentRecord deployment)
    {
        command.Parameters.AddWithValue("$service", deployment.Service);
        command.Parameters.AddWithValue("$digest", deployment.Digest);
        command.Parameters.AddWithValue("$commit", (object?)deployment.Commit ?? DBNull.Value);
        command.Parameters.AddWithValue("$correlation", deployment.CorrelationId.ToString());
        command.Parameters.AddWithValue("$outcome", deployment.Outcome.ToString());
        command.Parameters.AddWithValue("$container", (object?)deployment.ContainerId ?? DBNull.Value);
        command.Parameters.AddWithValue("$endpoint", (object?)deployment.Endpoint ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)deployment.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", deployment.At.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$image", (object?)deployment.Image ?? DBNull.Value);
        command.Parameters.AddWithValue("$previous", (object?)deployment.PreviousDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)deployment.Detail ?? DBNull.Value);
        command.Parameters.AddWithValue("$retryOf", (object?)deployment.RetryOf ?? DBNull.Value);
        command.Parameters.AddWithValue("$attempt", deployment.Attempt);
        command.Parameters.AddWithValue("$logTail", deployment.LogTail.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(deployment.LogTail));
    }

    private static DeploymentRecord Read(SqliteDataReader reader) =>
        new(
            reader.GetString(1),
            reader.GetString(2),
            NullableString(reader, 3),
            Guid.Parse(reader.GetString(4)),
            Enum.Parse<DeploymentOutcome>(reader.GetString(5)),
            NullableString(reader, 6),
            NullableString(reader, 7),
            NullableString(reader, 8),
            DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture))
        {
            Id = reader.GetInt64(0),
            Image = NullableString(reader, 10),
            PreviousDigest = NullableString(reader, 11),
            Detail = NullableString(reader, 12),
            RetryOf = reader.IsDBNull(13) ? null : reader.GetInt64(13),
            Attempt = reader.GetInt32(14),
            // The same empty list as a new record's, so that records without a log tail compare equal.
            LogTail = reader.IsDBNull(15) ? Array.Empty<string>() : JsonSerializer.Deserialize<string[]>(reader.GetString(15)) ?? [],
        };

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

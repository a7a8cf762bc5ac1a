using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.State;

namespace Platform.Deployer.Rollouts;

/// <summary>Every rollout the deployer attempted, kept across restarts.</summary>
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
    ];

    private readonly SqliteDatabase database = new(Path.Combine(options.Value.DataDirectory, "deployments.db"), Schema, Migrations);

    public async Task RecordAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO deployments (service, digest, commit_id, correlation_id, outcome, container_id, endpoint, error, at, image, previous_digest, detail)
            VALUES ($service, $digest, $commit, $correlation, $outcome, $container, $endpoint, $error, $at, $image, $previous, $detail);
            """;
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
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest rollouts first, of one service or of all.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, service, digest, commit_id, correlation_id, outcome, container_id, endpoint, error, at, image, previous_digest, detail
            FROM deployments WHERE $service IS NULL OR service = $service ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$service", (object?)service ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<DeploymentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DeploymentRecord(
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
            });
        }

        return result;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

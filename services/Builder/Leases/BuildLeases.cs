using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Builder.History;
using Platform.Catalog.Index;

namespace Platform.Builder.Leases;

/// <summary>The lease of every build key the coordinator sent (see <see cref="BuildLease"/>), in the builder's store.</summary>
public sealed class BuildLeases(BuilderStore store)
{
    private const string Columns =
        "build_key, image, commit_id, correlation_id, reason, state, attempt, attempt_id, instance, sent_at, started_at, inputs, base_digests";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<BuildLease?> FindAsync(string buildKey, CancellationToken cancellationToken)
    {
        await using var connection = await store.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM build_leases WHERE build_key = $key";
        command.Parameters.AddWithValue("$key", buildKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The leases not done yet: builds on the queue or running somewhere.</summary>
    public async Task<IReadOnlyList<BuildLease>> OutstandingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM build_leases WHERE state <> 'Done' ORDER BY sent_at";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var leases = new List<BuildLease>();
        while (await reader.ReadAsync(cancellationToken))
        {
            leases.Add(Read(reader));
        }

        return leases;
    }

    /// <summary>Writes the whole lease (insert or replace).</summary>
    public async Task SaveAsync(BuildLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO build_leases (build_key, image, commit_id, correlation_id, reason, inputs, base_digests, state, attempt, attempt_id, instance, sent_at, started_at, updated_at)
            VALUES ($key, $image, $commit, $correlation, $reason, $inputs, $bases, $state, $attempt, $attemptId, $instance, $sent, $started, $now)
            ON CONFLICT (build_key) DO UPDATE SET
                image = $image, commit_id = $commit, correlation_id = $correlation, reason = $reason, inputs = $inputs, base_digests = $bases,
                state = $state, attempt = $attempt, attempt_id = $attemptId, instance = $instance, sent_at = $sent, started_at = $started, updated_at = $now;
            """;
        command.Parameters.AddWithValue("$key", lease.BuildKey);
        command.Parameters.AddWithValue("$image", lease.Image);
        command.Parameters.AddWithValue("$commit", lease.Commit);
        command.Parameters.AddWithValue("$correlation", lease.CorrelationId.ToString());
        command.Parameters.AddWithValue("$reason", lease.Reason);
        command.Parameters.AddWithValue("$inputs", lease.Inputs is null ? DBNull.Value : JsonSerializer.Serialize(lease.Inputs, Json));
        command.Parameters.AddWithValue("$bases", JsonSerializer.Serialize(lease.BaseDigests, Json));
        command.Parameters.AddWithValue("$state", lease.State.ToString());
        command.Parameters.AddWithValue("$attempt", lease.Attempt);
        command.Parameters.AddWithValue("$attemptId", (object?)lease.AttemptId?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$instance", (object?)lease.Instance ?? DBNull.Value);
        command.Parameters.AddWithValue("$sent", Text(lease.SentAt));
        command.Parameters.AddWithValue("$started", lease.StartedAt is { } started ? Text(started) : DBNull.Value);
        command.Parameters.AddWithValue("$now", Text(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Sending becomes Queued once the broker confirmed the command, and only then: an instance may have taken the
    /// command and reported its start (Running) before the confirmation got back, and that must not be overwritten.
    /// </summary>
    public async Task MarkQueuedAsync(string buildKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE build_leases SET state = 'Queued', updated_at = $now WHERE build_key = $key AND state = 'Sending'";
        command.Parameters.AddWithValue("$key", buildKey);
        command.Parameters.AddWithValue("$now", Text(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Text(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static BuildLease Read(SqliteDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            Guid.Parse(reader.GetString(3)),
            reader.GetString(4),
            Enum.Parse<LeaseState>(reader.GetString(5)),
            reader.GetInt32(6),
            reader.IsDBNull(7) ? null : Guid.Parse(reader.GetString(7)),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture),
            reader.IsDBNull(10) ? null : DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture))
        {
            Inputs = reader.IsDBNull(11) ? null : JsonSerializer.Deserialize<ImageInputs>(reader.GetString(11), Json),
            BaseDigests = reader.IsDBNull(12) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(12), Json)!,
        };
}

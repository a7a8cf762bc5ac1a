using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.ServiceDefaults.State;

namespace Platform.RegistryWatcher.Watches;

/// <summary>A digest seen in the registry that may not have been announced yet.</summary>
public sealed record Observation(WatchKey Key, string Digest, string? PreviousDigest, DigestSource Source, string? Commit, Guid? CorrelationId);

/// <summary>
/// The digest last announced for each watched tag, kept across restarts. An observed digest is written
/// before it is announced and marked afterwards, so that a crash in between re-announces it at start
/// instead of losing it.
/// </summary>
public sealed class DigestStore(IOptions<WatcherOptions> options)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS digests (
            image TEXT NOT NULL,
            tag TEXT NOT NULL,
            announced_digest TEXT,
            pending_digest TEXT,
            pending_previous TEXT,
            pending_source TEXT,
            pending_commit TEXT,
            pending_correlation_id TEXT,
            changed_at TEXT,
            PRIMARY KEY (image, tag));
        """;

    private readonly SqliteDatabase database = new(Path.Combine(options.Value.DataDirectory, "digests.db"), Schema);

    public async Task<(string? Announced, DateTimeOffset? ChangedAt)> GetAsync(WatchKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT announced_digest, changed_at FROM digests WHERE image = $image AND tag = $tag";
        command.Parameters.AddWithValue("$image", key.Image);
        command.Parameters.AddWithValue("$tag", key.Tag);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture))
            : (null, null);
    }

    public async Task SetPendingAsync(Observation observation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO digests (image, tag, pending_digest, pending_previous, pending_source, pending_commit, pending_correlation_id)
            VALUES ($image, $tag, $digest, $previous, $source, $commit, $correlation)
            ON CONFLICT (image, tag) DO UPDATE SET pending_digest = $digest, pending_previous = $previous,
                pending_source = $source, pending_commit = $commit, pending_correlation_id = $correlation;
            """;
        command.Parameters.AddWithValue("$image", observation.Key.Image);
        command.Parameters.AddWithValue("$tag", observation.Key.Tag);
        command.Parameters.AddWithValue("$digest", observation.Digest);
        command.Parameters.AddWithValue("$previous", (object?)observation.PreviousDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", observation.Source.ToString());
        command.Parameters.AddWithValue("$commit", (object?)observation.Commit ?? DBNull.Value);
        command.Parameters.AddWithValue("$correlation", (object?)observation.CorrelationId?.ToString() ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkAnnouncedAsync(WatchKey key, string digest, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE digests SET announced_digest = $digest, changed_at = $at, pending_digest = NULL, pending_previous = NULL,
                pending_source = NULL, pending_commit = NULL, pending_correlation_id = NULL
            WHERE image = $image AND tag = $tag;
            """;
        command.Parameters.AddWithValue("$image", key.Image);
        command.Parameters.AddWithValue("$tag", key.Tag);
        command.Parameters.AddWithValue("$digest", digest);
        command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Observations written but not marked announced: the process stopped in between.</summary>
    public async Task<IReadOnlyList<Observation>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT image, tag, pending_digest, pending_previous, pending_source, pending_commit, pending_correlation_id
            FROM digests WHERE pending_digest IS NOT NULL;
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Observation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new Observation(
                new WatchKey(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                Enum.Parse<DigestSource>(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : Guid.Parse(reader.GetString(6))));
        }

        return result;
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.ServiceDefaults.State;

namespace Platform.RegistryWatcher.Watches;

/// <summary>A digest seen in the registry that may not have been announced yet.</summary>
/// <param name="AnnouncementId">The message id the announcement is published under: a stop between publishing and marking is told apart from one before publishing by it.</param>
public sealed record Observation(
    WatchKey Key, string Tag, string Digest, string? PreviousDigest, DigestSource Source, string? Commit, Guid? CorrelationId, Guid AnnouncementId);

/// <summary>The digest last announced for a watch, the tag it was announced for, and when.</summary>
public sealed record Announced(string? Digest, string? Tag, DateTimeOffset? ChangedAt)
{
    public static readonly Announced Nothing = new(null, null, null);
}

/// <summary>
/// The digest last announced for each watch, kept across restarts. An observed digest is written
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

    // Rows of the platform registry keep the bare repository in "image"; other registries' rows are "//registry/repository".
    private static readonly string[] Migrations =
    [
        "ALTER TABLE digests ADD COLUMN registry TEXT; ALTER TABLE digests ADD COLUMN announced_tag TEXT; ALTER TABLE digests ADD COLUMN pending_tag TEXT",
        "ALTER TABLE digests ADD COLUMN pending_announcement_id TEXT",
    ];

    private readonly SqliteDatabase database = new(Path.Combine(options.Value.DataDirectory, "digests.db"), Schema, Migrations);

    public async Task<Announced> GetAsync(WatchKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT announced_digest, announced_tag, changed_at FROM digests WHERE image = $image AND tag = $tag";
        AddKey(command, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Announced(Text(reader, 0), Text(reader, 1) ?? (reader.IsDBNull(0) ? null : key.Tag), Text(reader, 2) is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : null)
            : Announced.Nothing;
    }

    /// <summary>True when an observation of the watch was written and not marked announced: a run before this one stopped in between.</summary>
    public async Task<bool> HasPendingAsync(WatchKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM digests WHERE image = $image AND tag = $tag AND pending_digest IS NOT NULL";
        AddKey(command, key);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task SetPendingAsync(Observation observation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO digests (image, tag, registry, pending_digest, pending_tag, pending_previous, pending_source, pending_commit, pending_correlation_id, pending_announcement_id)
            VALUES ($image, $tag, $registry, $digest, $pendingTag, $previous, $source, $commit, $correlation, $announcement)
            ON CONFLICT (image, tag) DO UPDATE SET pending_digest = $digest, pending_tag = $pendingTag, pending_previous = $previous,
                pending_source = $source, pending_commit = $commit, pending_correlation_id = $correlation, pending_announcement_id = $announcement;
            """;
        AddKey(command, observation.Key);
        command.Parameters.AddWithValue("$registry", (object?)observation.Key.Registry ?? DBNull.Value);
        command.Parameters.AddWithValue("$digest", observation.Digest);
        command.Parameters.AddWithValue("$pendingTag", observation.Tag);
        command.Parameters.AddWithValue("$previous", (object?)observation.PreviousDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", observation.Source.ToString());
        command.Parameters.AddWithValue("$commit", (object?)observation.Commit ?? DBNull.Value);
        command.Parameters.AddWithValue("$correlation", (object?)observation.CorrelationId?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$announcement", observation.AnnouncementId.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The broker has the announcement published under this id (the watcher read it back from its announcement log):
    /// the pending observation it was made for is announced. False when no pending observation has that id.
    /// </summary>
    public async Task<bool> ConfirmAsync(Guid announcementId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE digests SET announced_digest = pending_digest, announced_tag = pending_tag, changed_at = $at, pending_digest = NULL, pending_tag = NULL,
                pending_previous = NULL, pending_source = NULL, pending_commit = NULL, pending_correlation_id = NULL, pending_announcement_id = NULL
            WHERE pending_announcement_id = $announcement;
            """;
        command.Parameters.AddWithValue("$announcement", announcementId.ToString());
        command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task MarkAnnouncedAsync(WatchKey key, string tag, string digest, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE digests SET announced_digest = $digest, announced_tag = $announcedTag, changed_at = $at, pending_digest = NULL, pending_tag = NULL,
                pending_previous = NULL, pending_source = NULL, pending_commit = NULL, pending_correlation_id = NULL, pending_announcement_id = NULL
            WHERE image = $image AND tag = $tag;
            """;
        AddKey(command, key);
        command.Parameters.AddWithValue("$digest", digest);
        command.Parameters.AddWithValue("$announcedTag", tag);
        command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Observations written but not marked announced: the process stopped in between.</summary>
    public async Task<IReadOnlyList<Observation>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT image, tag, registry, pending_tag, pending_digest, pending_previous, pending_source, pending_commit, pending_correlation_id, pending_announcement_id
            FROM digests WHERE pending_digest IS NOT NULL;
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Observation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var registry = Text(reader, 2);
            var image = reader.GetString(0);
            var key = new WatchKey(registry is null ? image : image[(registry.Length + 3)..], reader.GetString(1), registry);
            result.Add(new Observation(
                key,
                Text(reader, 3) ?? key.Tag,
                reader.GetString(4),
                Text(reader, 5),
                Enum.Parse<DigestSource>(reader.GetString(6)),
                Text(reader, 7),
                Text(reader, 8) is { } correlation ? Guid.Parse(correlation) : null,
                Text(reader, 9) is { } announcement ? Guid.Parse(announcement) : Guid.CreateVersion7()));
        }

        return result;
    }

    private static void AddKey(SqliteCommand command, WatchKey key)
    {
        command.Parameters.AddWithValue("$image", key.Registry is null ? key.Image : $"//{key.Registry}/{key.Image}");
        command.Parameters.AddWithValue("$tag", key.Tag);
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

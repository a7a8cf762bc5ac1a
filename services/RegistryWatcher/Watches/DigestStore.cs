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
        var row = await database.QueryFirstOrDefaultAsync<AnnouncedRow>(
            "SELECT announced_digest, announced_tag, changed_at FROM digests WHERE image = @image AND tag = @tag", Key(key), cancellationToken);
        return row is null ? Announced.Nothing : new Announced(row.AnnouncedDigest, row.AnnouncedTag ?? (row.AnnouncedDigest is null ? null : key.Tag), row.ChangedAt);
    }

    /// <summary>True when an observation of the watch was written and not marked announced: a run before this one stopped in between.</summary>
    public async Task<bool> HasPendingAsync(WatchKey key, CancellationToken cancellationToken) =>
        await database.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM digests WHERE image = @image AND tag = @tag AND pending_digest IS NOT NULL", Key(key), cancellationToken) is not null;

    public Task SetPendingAsync(Observation observation, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            INSERT INTO digests (image, tag, registry, pending_digest, pending_tag, pending_previous, pending_source, pending_commit, pending_correlation_id, pending_announcement_id)
            VALUES (@image, @tag, @Registry, @Digest, @PendingTag, @PreviousDigest, @Source, @Commit, @CorrelationId, @AnnouncementId)
            ON CONFLICT (image, tag) DO UPDATE SET pending_digest = @Digest, pending_tag = @PendingTag, pending_previous = @PreviousDigest,
                pending_source = @Source, pending_commit = @Commit, pending_correlation_id = @CorrelationId, pending_announcement_id = @AnnouncementId;
            """,
            new
            {
                image = StoredImage(observation.Key), tag = observation.Key.Tag, observation.Key.Registry, observation.Digest, PendingTag = observation.Tag,
                observation.PreviousDigest, Source = observation.Source.ToString(), observation.Commit, observation.CorrelationId, observation.AnnouncementId,
            },
            cancellationToken);

    /// <summary>
    /// The broker has the announcement published under this id (the watcher read it back from its announcement log):
    /// the pending observation it was made for is announced. False when no pending observation has that id.
    /// </summary>
    public async Task<bool> ConfirmAsync(Guid announcementId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(
            $"""
            UPDATE digests SET announced_digest = pending_digest, announced_tag = pending_tag, changed_at = @at, {ClearPending}
            WHERE pending_announcement_id = @announcementId;
            """,
            new { announcementId, at }, cancellationToken) > 0;

    public Task MarkAnnouncedAsync(WatchKey key, string tag, string digest, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            $"""
            UPDATE digests SET announced_digest = @digest, announced_tag = @announcedTag, changed_at = @at, {ClearPending}
            WHERE image = @image AND tag = @tag;
            """,
            new { image = StoredImage(key), tag = key.Tag, digest, announcedTag = tag, at }, cancellationToken);

    /// <summary>Observations written but not marked announced: the process stopped in between.</summary>
    public async Task<IReadOnlyList<Observation>> PendingAsync(CancellationToken cancellationToken) =>
        [.. (await database.QueryAsync<PendingRow>(
            """
            SELECT image, tag, registry, pending_tag, pending_digest, pending_previous, pending_source, pending_commit, pending_correlation_id, pending_announcement_id
            FROM digests WHERE pending_digest IS NOT NULL;
            """,
            null, cancellationToken)).Select(row => row.ToObservation())];

    private const string ClearPending =
        "pending_digest = NULL, pending_tag = NULL, pending_previous = NULL, pending_source = NULL, pending_commit = NULL, pending_correlation_id = NULL, pending_announcement_id = NULL";

    private static string StoredImage(WatchKey key) => key.Registry is null ? key.Image : $"//{key.Registry}/{key.Image}";

    private static object Key(WatchKey key) => new { image = StoredImage(key), tag = key.Tag };

    private sealed class AnnouncedRow
    {
        public string? AnnouncedDigest { get; init; }
        public string? AnnouncedTag { get; init; }
        public DateTimeOffset? ChangedAt { get; init; }
    }

    private sealed class PendingRow
    {
        public string Image { get; init; } = "";
        public string Tag { get; init; } = "";
        public string? Registry { get; init; }
        public string? PendingTag { get; init; }
        public string PendingDigest { get; init; } = "";
        public string? PendingPrevious { get; init; }
        public DigestSource PendingSource { get; init; }
        public string? PendingCommit { get; init; }
        public Guid? PendingCorrelationId { get; init; }
        public Guid? PendingAnnouncementId { get; init; }

        public Observation ToObservation()
        {
            var key = new WatchKey(Registry is null ? Image : Image[(Registry.Length + 3)..], Tag, Registry);
            return new Observation(key, PendingTag ?? key.Tag, PendingDigest, PendingPrevious, PendingSource, PendingCommit, PendingCorrelationId,
                PendingAnnouncementId ?? Guid.CreateVersion7());
        }
    }
}

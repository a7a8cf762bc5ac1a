using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.State;

namespace Platform.Builder.History;

/// <summary>The builder's state in one SQLite file (<c>builds.db</c>): the build history, the upstream digests and the build leases.</summary>
public sealed class BuilderStore(IOptions<BuilderOptions> options)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS builds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            image TEXT NOT NULL,
            commit_id TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL,
            digest TEXT,
            stage TEXT,
            error TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS builds_by_image ON builds (image, outcome, id);
        """;

    /// <summary>1: the inputs and base digests of each build, for exact plans; 2: the platforms of each index; 3: the instance that built it;
    /// 4: the digest last announced for each upstream image the catalogue starts from; 5: every attempt of a build, by its key;
    /// 6: the lease of each build key, so that one key is built once whatever stops in between;
    /// 7: the revision tags put on images that needed no build (<see cref="Coordinator.RevisionTagger"/>).</summary>
    private static readonly string[] Migrations =
    [
        "ALTER TABLE builds ADD COLUMN inputs TEXT; ALTER TABLE builds ADD COLUMN base_digests TEXT",
        "ALTER TABLE builds ADD COLUMN platforms TEXT",
        "ALTER TABLE builds ADD COLUMN built_by TEXT",
        "CREATE TABLE upstream_digests (reference TEXT PRIMARY KEY, digest TEXT NOT NULL, previous_digest TEXT, seen_at TEXT NOT NULL)",
        """
        ALTER TABLE builds ADD COLUMN build_key TEXT;
        ALTER TABLE builds ADD COLUMN attempt INTEGER;
        ALTER TABLE builds ADD COLUMN attempt_id TEXT;
        CREATE UNIQUE INDEX builds_by_attempt ON builds (attempt_id) WHERE attempt_id IS NOT NULL
        """,
        """
        CREATE TABLE build_leases (
            build_key TEXT PRIMARY KEY,
            image TEXT NOT NULL,
            commit_id TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            inputs TEXT,
            base_digests TEXT,
            state TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            attempt_id TEXT,
            instance TEXT,
            sent_at TEXT NOT NULL,
            started_at TEXT,
            updated_at TEXT NOT NULL)
        """,
        "CREATE TABLE ref_tags (image TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL, commit_id TEXT NOT NULL, tagged_at TEXT NOT NULL, PRIMARY KEY (image, tag))",
    ];

    public SqliteDatabase Database { get; } = new(Path.Combine(options.Value.DataDirectory, "builds.db"), Schema, Migrations);
}

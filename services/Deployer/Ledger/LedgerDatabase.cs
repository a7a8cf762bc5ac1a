using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.State;

namespace Platform.Deployer.Ledger;

/// <summary><c>ledger.db</c> in the deployer's data folder: the stints of this environment and the promotion and rollback commands it took.</summary>
public sealed class LedgerDatabase(IOptions<DeployerOptions> options)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS stints (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            environment TEXT NOT NULL,
            deployment TEXT NOT NULL,
            kind TEXT NOT NULL,
            digest TEXT NOT NULL,
            image TEXT,
            tag TEXT,
            commit_id TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            end_reason TEXT,
            end_detail TEXT,
            runs_succeeded INTEGER NOT NULL DEFAULT 0,
            runs_failed INTEGER NOT NULL DEFAULT 0,
            incidents TEXT NOT NULL DEFAULT '[]',
            promoted_from TEXT,
            source_stint INTEGER,
            command_key TEXT);
        CREATE INDEX IF NOT EXISTS stints_by_deployment ON stints (deployment, id);
        CREATE UNIQUE INDEX IF NOT EXISTS one_running_stint ON stints (deployment) WHERE ended_at IS NULL;
        CREATE TABLE IF NOT EXISTS commands (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            deployment TEXT NOT NULL,
            digest TEXT NOT NULL,
            from_digest TEXT,
            source_environment TEXT,
            source_stint INTEGER,
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            state TEXT NOT NULL,
            outcome TEXT,
            done_at TEXT);
        """;

    public SqliteDatabase Database { get; } = new(Path.Combine(options.Value.DataDirectory, "ledger.db"), Schema);

    public string Environment => options.Value.Environment;
}

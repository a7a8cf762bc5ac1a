using System.Text.Json;
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

    private const string Select =
        "SELECT id, service, digest, commit_id, correlation_id, outcome, container_id, endpoint, error, at, image, previous_digest, detail, retry_of, attempt, log_tail FROM deployments";

    private readonly SqliteDatabase database = new(Path.Combine(options.Value.DataDirectory, "deployments.db"), Schema, Migrations);

    /// <summary>Adds a record; returns its id.</summary>
    public Task<long> RecordAsync(DeploymentRecord deployment, CancellationToken cancellationToken) =>
        database.ExecuteScalarAsync<long>(
            """
            INSERT INTO deployments (service, digest, commit_id, correlation_id, outcome, container_id, endpoint, error, at, image, previous_digest, detail, retry_of, attempt, log_tail)
            VALUES (@Service, @Digest, @Commit, @CorrelationId, @Outcome, @ContainerId, @Endpoint, @Error, @At, @Image, @PreviousDigest, @Detail, @RetryOf, @Attempt, @LogTail)
            RETURNING id;
            """,
            Parameters(deployment), cancellationToken);

    /// <summary>Rewrites the record <see cref="DeploymentRecord.Id"/> names: how a rollout in progress ends.</summary>
    public async Task CompleteAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        var changed = await database.ExecuteAsync(
            """
            UPDATE deployments SET service = @Service, digest = @Digest, commit_id = @Commit, correlation_id = @CorrelationId, outcome = @Outcome,
                container_id = @ContainerId, endpoint = @Endpoint, error = @Error, at = @At, image = @Image, previous_digest = @PreviousDigest,
                detail = @Detail, retry_of = @RetryOf, attempt = @Attempt, log_tail = @LogTail
            WHERE id = @Id;
            """,
            Parameters(deployment), cancellationToken);
        if (changed != 1)
        {
            throw new InvalidOperationException($"deployment record {deployment.Id} of {deployment.Service} is not in the history");
        }
    }

    /// <summary>The newest rollouts first, of one service or of all.</summary>
    public Task<IReadOnlyList<DeploymentRecord>> ListAsync(string? service, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE @service IS NULL OR service = @service ORDER BY id DESC LIMIT @limit;", new { service, limit }, cancellationToken);

    /// <summary>The commit a digest of a deployment was announced with (its newest record that names one), if any.</summary>
    public Task<string?> CommitOfAsync(string service, string digest, CancellationToken cancellationToken) =>
        database.ExecuteScalarAsync<string>(
            "SELECT commit_id FROM deployments WHERE service = @service AND digest = @digest AND commit_id IS NOT NULL ORDER BY id DESC LIMIT 1;",
            new { service, digest }, cancellationToken);

    /// <summary>Rollouts still marked in progress, oldest first: at start, those an earlier deployer process never finished.</summary>
    public Task<IReadOnlyList<DeploymentRecord>> InProgressAsync(CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE outcome = @outcome ORDER BY id;", new { outcome = nameof(DeploymentOutcome.InProgress) }, cancellationToken);

    private async Task<IReadOnlyList<DeploymentRecord>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        [.. (await database.QueryAsync<DeploymentRow>(sql, parameters, cancellationToken)).Select(row => row.ToRecord())];

    private static object Parameters(DeploymentRecord deployment) => new
    {
        deployment.Id, deployment.Service, deployment.Digest, deployment.Commit, deployment.CorrelationId, Outcome = deployment.Outcome.ToString(),
        deployment.ContainerId, deployment.Endpoint, deployment.Error, deployment.At, deployment.Image, deployment.PreviousDigest, deployment.Detail,
        deployment.RetryOf, deployment.Attempt, LogTail = deployment.LogTail.Count == 0 ? null : JsonSerializer.Serialize(deployment.LogTail),
    };

    private sealed class DeploymentRow
    {
        public long Id { get; init; }
        public string Service { get; init; } = "";
        public string Digest { get; init; } = "";
        public string? CommitId { get; init; }
        public Guid CorrelationId { get; init; }
        public DeploymentOutcome Outcome { get; init; }
        public string? ContainerId { get; init; }
        public string? Endpoint { get; init; }
        public string? Error { get; init; }
        public DateTimeOffset At { get; init; }
        public string? Image { get; init; }
        public string? PreviousDigest { get; init; }
        public string? Detail { get; init; }
        public long? RetryOf { get; init; }
        public int Attempt { get; init; }
        public string? LogTail { get; init; }

        public DeploymentRecord ToRecord() =>
            new(Service, Digest, CommitId, CorrelationId, Outcome, ContainerId, Endpoint, Error, At)
            {
                Id = Id,
                Image = Image,
                PreviousDigest = PreviousDigest,
                Detail = Detail,
                RetryOf = RetryOf,
                Attempt = Attempt,
                // The same empty list as a new record's, so that records without a log tail compare equal.
                LogTail = LogTail is null ? Array.Empty<string>() : JsonSerializer.Deserialize<string[]>(LogTail) ?? [],
            };
    }
}

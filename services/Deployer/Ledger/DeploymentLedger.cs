using System.Data;
using System.Text.Json;
using Dapper;

namespace Platform.Deployer.Ledger;

/// <summary>
/// The ledger of what ran in this environment (<c>ledger.db</c>), kept across restarts: per deployment, each digest
/// with its commit, tag, start, end and why it ended, its job runs and its incidents. At most one stint of a
/// deployment runs at a time (a unique index says so); starting one ends the one before.
/// </summary>
public sealed class DeploymentLedger(LedgerDatabase ledger, TimeProvider time)
{
    private const string Select = "SELECT id, environment, deployment, kind, digest, image, tag, commit_id, started_at, ended_at, end_reason, end_detail, " +
        "runs_succeeded, runs_failed, incidents, promoted_from, source_stint, command_key FROM stints";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <paramref name="start"/>'s digest runs now: the running stint of the deployment ends (as <paramref name="endPrevious"/>) and a new one
    /// starts, unless the running one is of the same digest, which goes on. Returns the running stint.
    /// </summary>
    public async Task<Stint> StartAsync(StintStart start, StintEnd endPrevious, string? endDetail, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var running = await RunningAsync(connection, transaction, start.Deployment, cancellationToken);
        if (running?.Digest == start.Digest)
        {
            return running;
        }

        if (running is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE stints SET ended_at = @at, end_reason = @reason, end_detail = @detail WHERE id = @Id;",
                new { running.Id, at = start.At, reason = endPrevious.ToString(), detail = endDetail ?? $"replaced by {start.Digest}" },
                transaction, cancellationToken: cancellationToken));
        }

        var id = await InsertAsync(connection, transaction, start, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>A rollout of <paramref name="start"/>'s digest that never served: a stint ended at once, with the reason as its incident.</summary>
    public async Task<Stint> FailedRolloutAsync(StintStart start, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
        await ledger.Database.ExecuteAsync(
            succeeded
                ? "UPDATE stints SET runs_succeeded = runs_succeeded + 1 WHERE id = @Id;"
                : "UPDATE stints SET runs_failed = runs_failed + 1, incidents = json_insert(incidents, '$[#]', json(@incident)) WHERE id = @Id;",
            new { stint.Id, incident = JsonSerializer.Serialize(new Incident(run.At, failure ?? "the run failed"), Json) },
            cancellationToken);
    }

    /// <summary>Adds an incident to a stint (a container of a serving version that stopped or restarted).</summary>
    public Task AddIncidentAsync(long stint, Incident incident, CancellationToken cancellationToken) =>
        ledger.Database.ExecuteAsync(
            "UPDATE stints SET incidents = json_insert(incidents, '$[#]', json(@incident)) WHERE id = @stint;",
            new { stint, incident = JsonSerializer.Serialize(incident, Json) },
            cancellationToken);

    /// <summary>The stint of the deployment that runs now, if any.</summary>
    public async Task<Stint?> RunningAsync(string deployment, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        return await RunningAsync(connection, null, deployment, cancellationToken);
    }

    public async Task<Stint?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await ledger.Database.QueryFirstOrDefaultAsync<StintRow>($"{Select} WHERE id = @id;", new { id }, cancellationToken))?.ToStint();

    /// <summary>The newest stints first, of one deployment or of all.</summary>
    public async Task<IReadOnlyList<Stint>> ListAsync(string? deployment, int limit, CancellationToken cancellationToken) =>
        [.. (await ledger.Database.QueryAsync<StintRow>(
            $"{Select} WHERE @deployment IS NULL OR deployment = @deployment ORDER BY id DESC LIMIT @limit;", new { deployment, limit }, cancellationToken))
            .Select(row => row.ToStint())];

    public DateTimeOffset Now => time.GetUtcNow();

    private static async Task<Stint?> RunningAsync(IDbConnection connection, IDbTransaction? transaction, string deployment, CancellationToken cancellationToken) =>
        (await connection.QueryFirstOrDefaultAsync<StintRow>(new CommandDefinition(
            $"{Select} WHERE deployment = @deployment AND ended_at IS NULL;", new { deployment }, transaction, cancellationToken: cancellationToken)))?.ToStint();

    private Task<long> InsertAsync(
        IDbConnection connection, IDbTransaction transaction, StintStart start, (StintEnd Reason, string Detail)? endedAtOnce, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO stints (environment, deployment, kind, digest, image, tag, commit_id, started_at, ended_at, end_reason, end_detail, incidents,
                promoted_from, source_stint, command_key)
            VALUES (@Environment, @Deployment, @Kind, @Digest, @Image, @Tag, @Commit, @At, @EndedAt, @Reason, @Detail, @Incidents, @PromotedFrom, @SourceStint, @CommandKey)
            RETURNING id;
            """,
            new
            {
                ledger.Environment, start.Deployment, Kind = start.Kind.ToString(), start.Digest, start.Image, start.Tag, start.Commit, start.At,
                EndedAt = endedAtOnce is null ? (DateTimeOffset?)null : start.At,
                Reason = endedAtOnce?.Reason.ToString(),
                Detail = endedAtOnce?.Detail,
                Incidents = endedAtOnce is { } ended ? JsonSerializer.Serialize(new[] { new Incident(start.At, ended.Detail) }, Json) : "[]",
                start.PromotedFrom, start.SourceStint, start.CommandKey,
            },
            transaction, cancellationToken: cancellationToken));

    private sealed class StintRow
    {
        public long Id { get; init; }
        public string Environment { get; init; } = "";
        public string Deployment { get; init; } = "";
        public DeploymentKind Kind { get; init; }
        public string Digest { get; init; } = "";
        public string? Image { get; init; }
        public string? Tag { get; init; }
        public string? CommitId { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public StintEnd? EndReason { get; init; }
        public string? EndDetail { get; init; }
        public int RunsSucceeded { get; init; }
        public int RunsFailed { get; init; }
        public string Incidents { get; init; } = "[]";
        public string? PromotedFrom { get; init; }
        public long? SourceStint { get; init; }
        public string? CommandKey { get; init; }

        public Stint ToStint() =>
            new(Id, Environment, Deployment, Kind, Digest, Image, Tag, CommitId, StartedAt, EndedAt, EndReason, EndDetail, RunsSucceeded, RunsFailed,
                JsonSerializer.Deserialize<Incident[]>(Incidents, Json) ?? [], PromotedFrom, SourceStint, CommandKey);
    }
}

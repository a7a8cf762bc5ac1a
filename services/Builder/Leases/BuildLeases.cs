using System.Text.Json;
using Platform.Builder.History;
using Platform.Catalog.Index;

namespace Platform.Builder.Leases;

/// <summary>The lease of every build key the coordinator sent (see <see cref="BuildLease"/>), in the builder's store.</summary>
public sealed class BuildLeases(BuilderStore store)
{
    private const string Select =
        "SELECT build_key, image, commit_id, correlation_id, reason, state, attempt, attempt_id, instance, sent_at, started_at, inputs, base_digests FROM build_leases";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<BuildLease?> FindAsync(string buildKey, CancellationToken cancellationToken) =>
        (await store.Database.QueryFirstOrDefaultAsync<LeaseRow>($"{Select} WHERE build_key = @buildKey", new { buildKey }, cancellationToken))?.ToLease();

    /// <summary>The leases not done yet: builds on the queue or running somewhere.</summary>
    public async Task<IReadOnlyList<BuildLease>> OutstandingAsync(CancellationToken cancellationToken) =>
        [.. (await store.Database.QueryAsync<LeaseRow>($"{Select} WHERE state <> 'Done' ORDER BY sent_at", null, cancellationToken)).Select(row => row.ToLease())];

    /// <summary>Writes the whole lease (insert or replace).</summary>
    public Task SaveAsync(BuildLease lease, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.Database.ExecuteAsync(
            """
            INSERT INTO build_leases (build_key, image, commit_id, correlation_id, reason, inputs, base_digests, state, attempt, attempt_id, instance, sent_at, started_at, updated_at)
            VALUES (@BuildKey, @Image, @Commit, @CorrelationId, @Reason, @Inputs, @BaseDigests, @State, @Attempt, @AttemptId, @Instance, @SentAt, @StartedAt, @now)
            ON CONFLICT (build_key) DO UPDATE SET
                image = @Image, commit_id = @Commit, correlation_id = @CorrelationId, reason = @Reason, inputs = @Inputs, base_digests = @BaseDigests,
                state = @State, attempt = @Attempt, attempt_id = @AttemptId, instance = @Instance, sent_at = @SentAt, started_at = @StartedAt, updated_at = @now;
            """,
            new
            {
                lease.BuildKey, lease.Image, lease.Commit, lease.CorrelationId, lease.Reason,
                Inputs = lease.Inputs is null ? null : JsonSerializer.Serialize(lease.Inputs, Json),
                BaseDigests = JsonSerializer.Serialize(lease.BaseDigests, Json),
                State = lease.State.ToString(), lease.Attempt, lease.AttemptId, lease.Instance, lease.SentAt, lease.StartedAt, now,
            },
            cancellationToken);

    /// <summary>
    /// Sending becomes Queued once the broker confirmed the command, and only then: an instance may have taken the
    /// command and reported its start (Running) before the confirmation got back, and that must not be overwritten.
    /// </summary>
    public Task MarkQueuedAsync(string buildKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.Database.ExecuteAsync(
            "UPDATE build_leases SET state = 'Queued', updated_at = @now WHERE build_key = @buildKey AND state = 'Sending'", new { buildKey, now }, cancellationToken);

    private sealed class LeaseRow
    {
        public string BuildKey { get; init; } = "";
        public string Image { get; init; } = "";
        public string CommitId { get; init; } = "";
        public Guid CorrelationId { get; init; }
        public string Reason { get; init; } = "";
        public LeaseState State { get; init; }
        public int Attempt { get; init; }
        public Guid? AttemptId { get; init; }
        public string? Instance { get; init; }
        public DateTimeOffset SentAt { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
        public string? Inputs { get; init; }
        public string? BaseDigests { get; init; }

        public BuildLease ToLease() =>
            new(BuildKey, Image, CommitId, CorrelationId, Reason, State, Attempt, AttemptId, Instance, SentAt, StartedAt)
            {
                Inputs = Inputs is null ? null : JsonSerializer.Deserialize<ImageInputs>(Inputs, Json),
                BaseDigests = BaseDigests is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(BaseDigests, Json)!,
            };
    }
}

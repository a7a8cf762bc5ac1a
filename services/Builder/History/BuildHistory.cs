using System.Text.Json;
using Platform.Catalog.Index;
using Platform.Contracts;
using Platform.ServiceDefaults.State;

namespace Platform.Builder.History;

/// <summary>Every build the builder ran, and from it the last successful build of each image.</summary>
public sealed class BuildHistory(BuilderStore store)
{
    private const string Select =
        "SELECT id, image, commit_id, correlation_id, outcome, reason, digest, stage, error, started_at, finished_at, inputs, base_digests, platforms, built_by, build_key, attempt, attempt_id FROM builds";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteDatabase database = store.Database;

    /// <summary>Records a finished attempt; returns its id, or null when that attempt was recorded already (a result delivered twice).</summary>
    public Task<long?> RecordAsync(BuildRecord build, CancellationToken cancellationToken) =>
        database.ExecuteScalarAsync<long?>(
            """
            INSERT INTO builds (image, commit_id, correlation_id, outcome, reason, digest, stage, error, started_at, finished_at, inputs, base_digests, platforms, built_by,
                build_key, attempt, attempt_id)
            VALUES (@Image, @Commit, @CorrelationId, @Outcome, @Reason, @Digest, @Stage, @Error, @StartedAt, @FinishedAt, @Inputs, @BaseDigests, @Platforms, @BuiltBy,
                @BuildKey, @Attempt, @AttemptId)
            ON CONFLICT DO NOTHING
            RETURNING id;
            """,
            new
            {
                build.Image, build.Commit, build.CorrelationId, Outcome = build.Outcome.ToString(), build.Reason, build.Digest, build.Stage, build.Error,
                build.StartedAt, build.FinishedAt,
                Inputs = build.Inputs is null ? null : JsonSerializer.Serialize(build.Inputs, Json),
                BaseDigests = JsonSerializer.Serialize(build.BaseDigests, Json),
                Platforms = JsonSerializer.Serialize(build.Platforms, Json),
                build.BuiltBy, build.BuildKey, build.Attempt, build.AttemptId,
            },
            cancellationToken);

    public async Task<BuildRecord?> LastSuccessAsync(string image, CancellationToken cancellationToken) =>
        (await QueryAsync($"{Select} WHERE image = @image AND outcome = 'Succeeded' ORDER BY id DESC LIMIT 1", new { image }, cancellationToken))
        .FirstOrDefault();

    /// <summary>
    /// Remembers an upstream image's digest (by its reference as Dockerfiles write it); false when it was known
    /// already, or when the announcement is older than the one stored (announcements may arrive out of order).
    /// </summary>
    public async Task<bool> RecordUpstreamAsync(string reference, UpstreamDigest upstream, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(
            """
            INSERT INTO upstream_digests (reference, digest, previous_digest, seen_at) VALUES (@reference, @Digest, @PreviousDigest, @SeenAt)
            ON CONFLICT (reference) DO UPDATE SET previous_digest = digest, digest = @Digest, seen_at = @SeenAt
                WHERE digest <> @Digest AND seen_at < @SeenAt;
            """,
            new { reference, upstream.Digest, upstream.PreviousDigest, upstream.SeenAt },
            cancellationToken) > 0;

    /// <summary>The digest last announced for each upstream image, by its reference as Dockerfiles write it.</summary>
    public async Task<IReadOnlyDictionary<string, UpstreamDigest>> UpstreamDigestsAsync(CancellationToken cancellationToken) =>
        (await database.QueryAsync<UpstreamRow>("SELECT reference, digest, previous_digest, seen_at FROM upstream_digests", null, cancellationToken))
        .ToDictionary(row => row.Reference, row => new UpstreamDigest(row.Digest, row.PreviousDigest, row.SeenAt), StringComparer.Ordinal);

    /// <summary>The last successful build of every image that has one.</summary>
    public async Task<IReadOnlyDictionary<string, BuildRecord>> LastSuccessesAsync(CancellationToken cancellationToken) =>
        (await QueryAsync($"{Select} WHERE id IN (SELECT MAX(id) FROM builds WHERE outcome = 'Succeeded' GROUP BY image)", null, cancellationToken))
        .ToDictionary(b => b.Image, StringComparer.Ordinal);

    /// <summary>True when the attempt's end is recorded already.</summary>
    public async Task<bool> HasAttemptAsync(Guid attemptId, CancellationToken cancellationToken) =>
        await database.ExecuteScalarAsync<long?>("SELECT 1 FROM builds WHERE attempt_id = @attemptId", new { attemptId }, cancellationToken) is not null;

    public async Task<BuildRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"{Select} WHERE id = @id", new { id }, cancellationToken)).FirstOrDefault();

    /// <summary>The newest builds first, of one image or of all.</summary>
    public Task<IReadOnlyList<BuildRecord>> ListAsync(string? image, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE @image IS NULL OR image = @image ORDER BY id DESC LIMIT @limit", new { image, limit }, cancellationToken);

    private async Task<IReadOnlyList<BuildRecord>> QueryAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        [.. (await database.QueryAsync<BuildRow>(sql, parameters, cancellationToken)).Select(row => row.ToRecord())];

    private sealed class UpstreamRow
    {
        public string Reference { get; init; } = "";
        public string Digest { get; init; } = "";
        public string? PreviousDigest { get; init; }
        public DateTimeOffset SeenAt { get; init; }
    }

    private sealed class BuildRow
    {
        public long Id { get; init; }
        public string Image { get; init; } = "";
        public string CommitId { get; init; } = "";
        public Guid CorrelationId { get; init; }
        public BuildOutcome Outcome { get; init; }
        public string Reason { get; init; } = "";
        public string? Digest { get; init; }
        public string? Stage { get; init; }
        public string? Error { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset FinishedAt { get; init; }
        public string? Inputs { get; init; }
        public string? BaseDigests { get; init; }
        public string? Platforms { get; init; }
        public string? BuiltBy { get; init; }
        public string? BuildKey { get; init; }
        public int? Attempt { get; init; }
        public Guid? AttemptId { get; init; }

        public BuildRecord ToRecord() =>
            new(Image, CommitId, CorrelationId, Outcome, Reason, Digest, Stage, Error, StartedAt, FinishedAt)
            {
                Id = Id,
                Inputs = Inputs is null ? null : JsonSerializer.Deserialize<ImageInputs>(Inputs, Json),
                BaseDigests = BaseDigests is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(BaseDigests, Json)!,
                Platforms = Platforms is null ? [] : JsonSerializer.Deserialize<List<PlatformImage>>(Platforms, Json)!,
                BuiltBy = BuiltBy,
                BuildKey = BuildKey,
                Attempt = Attempt,
                AttemptId = AttemptId,
            };
    }
}

/// <summary>An upstream image's digest, the one before it, and when the change was seen.</summary>
public sealed record UpstreamDigest(string Digest, string? PreviousDigest, DateTimeOffset SeenAt);

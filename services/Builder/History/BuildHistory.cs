using System.Globalization;
using System.Text.Json;
using Platform.Catalog.Index;
using Platform.Contracts;
using Microsoft.Data.Sqlite;
using Platform.ServiceDefaults.State;

namespace Platform.Builder.History;

/// <summary>Every build the builder ran, and from it the last successful build of each image.</summary>
public sealed class BuildHistory(BuilderStore store)
{
    private const string Columns =
        "id, image, commit_id, correlation_id, outcome, reason, digest, stage, error, started_at, finished_at, inputs, base_digests, platforms, built_by, build_key, attempt, attempt_id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteDatabase database = store.Database;

    /// <summary>Records a finished attempt; returns its id, or null when that attempt was recorded already (a result delivered twice).</summary>
    public async Task<long?> RecordAsync(BuildRecord build, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO builds (image, commit_id, correlation_id, outcome, reason, digest, stage, error, started_at, finished_at, inputs, base_digests, platforms, built_by,
                build_key, attempt, attempt_id)
            VALUES ($image, $commit, $correlation, $outcome, $reason, $digest, $stage, $error, $started, $finished, $inputs, $bases, $platforms, $builtBy,
                $key, $attempt, $attemptId)
            ON CONFLICT DO NOTHING
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$image", build.Image);
        command.Parameters.AddWithValue("$commit", build.Commit);
        command.Parameters.AddWithValue("$correlation", build.CorrelationId.ToString());
        command.Parameters.AddWithValue("$outcome", build.Outcome.ToString());
        command.Parameters.AddWithValue("$reason", build.Reason);
        command.Parameters.AddWithValue("$digest", (object?)build.Digest ?? DBNull.Value);
        command.Parameters.AddWithValue("$stage", (object?)build.Stage ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)build.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", build.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$finished", build.FinishedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$inputs", build.Inputs is null ? DBNull.Value : JsonSerializer.Serialize(build.Inputs, Json));
        command.Parameters.AddWithValue("$bases", JsonSerializer.Serialize(build.BaseDigests, Json));
        command.Parameters.AddWithValue("$platforms", JsonSerializer.Serialize(build.Platforms, Json));
        command.Parameters.AddWithValue("$builtBy", (object?)build.BuiltBy ?? DBNull.Value);
        command.Parameters.AddWithValue("$key", (object?)build.BuildKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$attempt", (object?)build.Attempt ?? DBNull.Value);
        command.Parameters.AddWithValue("$attemptId", (object?)build.AttemptId?.ToString() ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    public async Task<BuildRecord?> LastSuccessAsync(string image, CancellationToken cancellationToken)
    {
        var builds = await QueryAsync(
            $"SELECT {Columns} FROM builds WHERE image = $image AND outcome = 'Succeeded' ORDER BY id DESC LIMIT 1",
            command => command.Parameters.AddWithValue("$image", image),
            cancellationToken);
        return builds.FirstOrDefault();
    }

    /// <summary>
    /// Remembers an upstream image's digest (by its reference as Dockerfiles write it); false when it was known
    /// already, or when the announcement is older than the one stored (announcements may arrive out of order).
    /// </summary>
    public async Task<bool> RecordUpstreamAsync(string reference, UpstreamDigest upstream, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO upstream_digests (reference, digest, previous_digest, seen_at) VALUES ($reference, $digest, $previous, $at)
            ON CONFLICT (reference) DO UPDATE SET previous_digest = digest, digest = $digest, seen_at = $at
                WHERE digest <> $digest AND seen_at < $at;
            """;
        command.Parameters.AddWithValue("$reference", reference);
        command.Parameters.AddWithValue("$digest", upstream.Digest);
        command.Parameters.AddWithValue("$previous", (object?)upstream.PreviousDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", upstream.SeenAt.ToString("O", CultureInfo.InvariantCulture));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The digest last announced for each upstream image, by its reference as Dockerfiles write it.</summary>
    public async Task<IReadOnlyDictionary<string, UpstreamDigest>> UpstreamDigestsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reference, digest, previous_digest, seen_at FROM upstream_digests";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var digests = new Dictionary<string, UpstreamDigest>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            digests[reader.GetString(0)] = new UpstreamDigest(
                reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture));
        }

        return digests;
    }

    /// <summary>The last successful build of every image that has one.</summary>
    public async Task<IReadOnlyDictionary<string, BuildRecord>> LastSuccessesAsync(CancellationToken cancellationToken)
    {
        var builds = await QueryAsync(
            $"SELECT {Columns} FROM builds WHERE id IN (SELECT MAX(id) FROM builds WHERE outcome = 'Succeeded' GROUP BY image)",
            _ => { },
            cancellationToken);
        return builds.ToDictionary(b => b.Image, StringComparer.Ordinal);
    }

    /// <summary>True when the attempt's end is recorded already.</summary>
    public async Task<bool> HasAttemptAsync(Guid attemptId, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"SELECT {Columns} FROM builds WHERE attempt_id = $attempt",
            command => command.Parameters.AddWithValue("$attempt", attemptId.ToString()),
            cancellationToken)).Count > 0;

    public async Task<BuildRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM builds WHERE id = $id", command => command.Parameters.AddWithValue("$id", id), cancellationToken))
        .FirstOrDefault();

    /// <summary>The newest builds first, of one image or of all.</summary>
    public Task<IReadOnlyList<BuildRecord>> ListAsync(string? image, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM builds WHERE $image IS NULL OR image = $image ORDER BY id DESC LIMIT $limit",
            command =>
            {
                command.Parameters.AddWithValue("$image", (object?)image ?? DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken);

    private async Task<IReadOnlyList<BuildRecord>> QueryAsync(
        string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<BuildRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new BuildRecord(
                reader.GetString(1),
                reader.GetString(2),
                Guid.Parse(reader.GetString(3)),
                Enum.Parse<BuildOutcome>(reader.GetString(4)),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture))
            {
                Id = reader.GetInt64(0),
                Inputs = reader.IsDBNull(11) ? null : JsonSerializer.Deserialize<ImageInputs>(reader.GetString(11), Json),
                BaseDigests = reader.IsDBNull(12) ? new Dictionary<string, string>()
                    : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(12), Json)!,
                Platforms = reader.IsDBNull(13) ? [] : JsonSerializer.Deserialize<List<PlatformImage>>(reader.GetString(13), Json)!,
                BuiltBy = reader.IsDBNull(14) ? null : reader.GetString(14),
                BuildKey = reader.IsDBNull(15) ? null : reader.GetString(15),
                Attempt = reader.IsDBNull(16) ? null : reader.GetInt32(16),
                AttemptId = reader.IsDBNull(17) ? null : Guid.Parse(reader.GetString(17)),
            });
        }

        return result;
    }
}

/// <summary>An upstream image's digest, the one before it, and when the change was seen.</summary>
public sealed record UpstreamDigest(string Digest, string? PreviousDigest, DateTimeOffset SeenAt);

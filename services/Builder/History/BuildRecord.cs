using System.Text.Json.Serialization;
using Platform.Catalog.Index;

namespace Platform.Builder.History;

/// <summary>One build of one image at one commit, as the history keeps it.</summary>
public sealed record BuildRecord(
    string Image,
    string Commit,
    Guid CorrelationId,
    BuildOutcome Outcome,
    string Reason,
    string? Digest,
    string? Stage,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    public long Id { get; init; }

    /// <summary>The digest of the inputs the image was built from (see <see cref="ImageInputs"/>).</summary>
    public string? InputDigest => Inputs?.Digest;

    /// <summary>The input files and settings, kept to name what changed at the next build; too long for the API.</summary>
    [JsonIgnore]
    public ImageInputs? Inputs { get; init; }

    /// <summary>The idempotency key of the build (image, commit, inputs, pinned bases); its attempts share it.</summary>
    public string? BuildKey { get; init; }

    /// <summary>Which attempt at the build key this was: 1, or more when an earlier attempt was interrupted or failed.</summary>
    public int? Attempt { get; init; }

    /// <summary>The attempt's id, which names its log.</summary>
    public Guid? AttemptId { get; init; }

    /// <summary>The builder instance that built it.</summary>
    public string? BuiltBy { get; init; }

    /// <summary>Each platform of the pushed index and the digest of its manifest.</summary>
    public IReadOnlyList<Platform.Contracts.PlatformImage> Platforms { get; init; } = [];

    /// <summary>The digest of each catalogue base the image was built from.</summary>
    public IReadOnlyDictionary<string, string> BaseDigests { get; init; } = new Dictionary<string, string>();

    public double DurationSeconds => Math.Round((FinishedAt - StartedAt).TotalSeconds, 3);
}

public enum BuildOutcome
{
    Succeeded,
    Failed,

    /// <summary>The attempt's builder instance stopped before it answered (a crash, a kill, a shutdown); another attempt took over.</summary>
    Interrupted,
}

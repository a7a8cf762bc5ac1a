using System.Text.Json.Serialization;

namespace Platform.Cli.Watches;

/// <summary>One watch as the registry watcher's <c>GET /api/watches</c> writes it (camelCase, enums as text).</summary>
public sealed record WatchDocument(
    string Registry,
    string Image,
    string Watch,
    string Policy,
    string Origin,
    IReadOnlyList<string>? UsedBy,
    string? Tag,
    string? AnnouncedDigest,
    DateTimeOffset? LastChangedAt,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? NextCheckAt,
    string? LastError);

[JsonSerializable(typeof(List<WatchDocument>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
internal sealed partial class WatchJsonContext : JsonSerializerContext;

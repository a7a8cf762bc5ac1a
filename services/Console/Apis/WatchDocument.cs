namespace Platform.Console.Apis;

/// <summary>One watch as the registry watcher's <c>GET /api/watches</c> writes it.</summary>
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

namespace Platform.Contracts.Api;

/// <summary>
/// One watch as the registry watcher's <c>GET /api/watches</c> writes it (camelCase), and as the CLI and the console read it.
/// </summary>
/// <param name="Registry">The registry the watch asks: the platform registry's host, an API host (registry-1.docker.io) or a mirror.</param>
/// <param name="Watch">The tag followed, or the tag policy (<c>semver ^1.2</c>, <c>regex ^build-(\d+)$</c>).</param>
/// <param name="Policy">How the tag is chosen (the name of the watcher's policy kind, for example <c>Tag</c>, <c>Semver</c>).</param>
/// <param name="Origin">Who asked for the watch (the name of the watcher's origin, for example <c>Deployment</c>, <c>Upstream</c>).</param>
/// <param name="Tag">The tag that won: the one whose digest was announced.</param>
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

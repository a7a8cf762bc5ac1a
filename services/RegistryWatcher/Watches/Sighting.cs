using Platform.Contracts;

namespace Platform.RegistryWatcher.Watches;

/// <summary>What the registry (or a hint) says a watch's tag points at now.</summary>
/// <param name="Tag">The tag that won under the watch's policy.</param>
/// <param name="Commit">The commit the builder built the digest from, when it said so.</param>
/// <param name="CorrelationId">The change's correlation id, when the builder said so.</param>
public sealed record Sighting(
    WatchKey Key,
    string Tag,
    string Digest,
    DigestSource Source,
    string? Commit = null,
    Guid? CorrelationId = null);

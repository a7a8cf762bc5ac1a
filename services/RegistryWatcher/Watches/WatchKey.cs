namespace Platform.RegistryWatcher.Watches;

/// <summary>One watched tag of one image in the platform registry.</summary>
public sealed record WatchKey(string Image, string Tag)
{
    public override string ToString() => $"{Image}:{Tag}";
}

/// <summary>What the watcher knows of a watched tag: the digest it announced and the last check.</summary>
public sealed record WatchState(
    WatchKey Key,
    string? AnnouncedDigest,
    DateTimeOffset? LastChangedAt,
    DateTimeOffset? LastCheckedAt,
    string? LastError);

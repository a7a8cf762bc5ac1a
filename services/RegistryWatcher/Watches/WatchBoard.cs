using System.Collections.Concurrent;

namespace Platform.RegistryWatcher.Watches;

/// <summary>What each watch saw last: its check times, its winning tag and digest, its last error. In memory; the store keeps what was announced.</summary>
public sealed class WatchBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<WatchKey, WatchProgress> progress = new();

    public WatchProgress Of(WatchKey key) => progress.GetValueOrDefault(key) ?? WatchProgress.None;

    public void Checked(WatchKey key, string tag, string digest) =>
        progress.AddOrUpdate(key, _ => WatchProgress.None with { LastCheckedAt = time.GetUtcNow(), Tag = tag, Digest = digest },
            (_, old) => old with { LastCheckedAt = time.GetUtcNow(), Tag = tag, Digest = digest, LastError = null });

    public void Failed(WatchKey key, string error) =>
        progress.AddOrUpdate(key, _ => WatchProgress.None with { LastCheckedAt = time.GetUtcNow(), LastError = error },
            (_, old) => old with { LastCheckedAt = time.GetUtcNow(), LastError = error });

    public void Scheduled(WatchKey key, DateTimeOffset next) =>
        progress.AddOrUpdate(key, _ => WatchProgress.None with { NextCheckAt = next }, (_, old) => old with { NextCheckAt = next });
}

/// <param name="Tag">The tag that won at the last check; for a digest watch its one tag.</param>
public sealed record WatchProgress(DateTimeOffset? LastCheckedAt, DateTimeOffset? NextCheckAt, string? Tag, string? Digest, string? LastError)
{
    public static readonly WatchProgress None = new(null, null, null, null, null);
}

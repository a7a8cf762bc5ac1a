using System.Collections.Concurrent;

namespace Platform.Console.Apis;

/// <summary>
/// The console's only state besides the builds in flight: each GET's answer for a moment, so that many open pages
/// refreshed by one event ask each service once. Every bus event clears it, so a refresh after an event reads anew.
/// </summary>
public sealed class ApiCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<object> Answer)> answers = new(StringComparer.Ordinal);

    public async Task<T> GetAsync<T>(string key, Func<Task<T>> fetch)
    {
        var now = time.GetUtcNow();
        var entry = answers.AddOrUpdate(
            key,
            _ => (now, Box(fetch)),
            (_, old) => now - old.At < Lifetime && !old.Answer.IsFaulted && !old.Answer.IsCanceled ? old : (now, Box(fetch)));
        return (T)await entry.Answer;
    }

    public void Clear() => answers.Clear();

    private static async Task<object> Box<T>(Func<Task<T>> fetch) => (await fetch())!;
}

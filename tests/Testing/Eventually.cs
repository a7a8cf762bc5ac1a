using System.Diagnostics;

namespace Platform.Testing;

/// <summary>Waits for a condition with a deadline; a timeout fails with what was expected and what was last seen.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> done,
        TimeSpan timeout,
        string expected,
        TimeSpan? interval = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        var watch = Stopwatch.StartNew();
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe(cts.Token);
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (!cts.IsCancellationRequested)
            {
                lastError = e;
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }

            if (cts.IsCancellationRequested || watch.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:F0} s for {expected}; last seen: {Describe(last)}" +
                    (lastError is null ? "" : $"; last error: {lastError.GetType().Name}: {lastError.Message}"));
            }

            try
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250), cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public static Task WaitAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string expected) =>
        WaitAsync(condition, ok => ok, timeout, expected);

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        string s => s.Length > 2000 ? s[..2000] + "..." : s,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(i => i?.ToString())) + "]",
        _ => value.ToString() ?? "",
    };
}

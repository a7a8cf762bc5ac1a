using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;

namespace Platform.Builder.History;

/// <summary>
/// Follows one attempt's log file as it is written: every complete line as an event <c>line</c>, then
/// one event <c>end</c> once the attempt's result is in the history (or nothing was written for a long time).
/// </summary>
public sealed class BuildLogFollower(BuildHistory history, TimeProvider time)
{
    /// <summary>How often the file is read for new lines while the build runs.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How long a log that does not exist yet (the build has not reached the engine) is waited for.</summary>
    public TimeSpan FileWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A log that stays the same this long while its attempt never ends is given up (an instance that died).</summary>
    public TimeSpan IdleLimit { get; init; } = TimeSpan.FromMinutes(15);

    public async IAsyncEnumerable<SseItem<string>> FollowAsync(string path, Guid attemptId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var waitUntil = time.GetUtcNow() + FileWait;
        while (!File.Exists(path))
        {
            if (time.GetUtcNow() > waitUntil || await history.HasAttemptAsync(attemptId, cancellationToken))
            {
                yield return new SseItem<string>("no log", "end");
                yield break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var buffer = new char[8192];
        var partial = new StringBuilder();
        var lastGrowth = time.GetUtcNow();
        var finished = false;
        while (true)
        {
            // The result is looked up before reading: whatever the attempt wrote before it ended is then read in this pass.
            finished = finished || await history.HasAttemptAsync(attemptId, cancellationToken);
            int read;
            var lines = new List<string>();
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                partial.Append(buffer, 0, read);
                TakeLines(partial, lines);
            }

            foreach (var line in lines)
            {
                yield return new SseItem<string>(line, "line");
            }

            var now = time.GetUtcNow();
            lastGrowth = lines.Count > 0 ? now : lastGrowth;
            if (finished || now - lastGrowth > IdleLimit)
            {
                if (partial.Length > 0)
                {
                    yield return new SseItem<string>(partial.ToString().TrimEnd('\r'), "line");
                }

                yield return new SseItem<string>(finished ? "finished" : "idle", "end");
                yield break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private static void TakeLines(StringBuilder partial, List<string> lines)
    {
        var text = partial.ToString();
        var start = 0;
        int newline;
        while ((newline = text.IndexOf('\n', start)) >= 0)
        {
            lines.Add(text[start..newline].TrimEnd('\r'));
            start = newline + 1;
        }

        partial.Clear().Append(text, start, text.Length - start);
    }
}

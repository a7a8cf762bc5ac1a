using System.Collections.Concurrent;

namespace Platform.Builder.Workers;

/// <summary>The builds this instance runs now, so that one can be cancelled by image name.</summary>
public sealed class RunningBuilds
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Images => [.. running.Keys];

    /// <summary>A token cancelled when the caller's is, or when someone cancels this image's build.</summary>
    public CancellationTokenSource Start(string image, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        running[image] = source;
        return source;
    }

    public void Finish(string image, CancellationTokenSource source) => running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(image, source));

    public bool Cancel(string image)
    {
        if (!running.TryGetValue(image, out var source))
        {
            return false;
        }

        source.Cancel();
        return true;
    }
}

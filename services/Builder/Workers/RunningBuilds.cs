using System.Collections.Concurrent;

namespace Platform.Builder.Workers;

/// <summary>
/// The builds this instance runs now, so that one can be cancelled by image name; and one attempt per
/// build key at a time, so that a second command for a key waits for the first and then finds it pushed.
/// </summary>
public sealed class RunningBuilds
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyGate> keys = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Images => [.. running.Keys];

    /// <summary>Waits until no other attempt at the key runs on this instance; dispose to let the next one in.</summary>
    public async Task<IDisposable> ClaimAsync(string buildKey, CancellationToken cancellationToken)
    {
        KeyGate gate;
        lock (keys)
        {
            if (!keys.TryGetValue(buildKey, out gate!))
            {
                keys[buildKey] = gate = new KeyGate();
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(buildKey, gate, release: false);
            throw;
        }

        return new Claim(this, buildKey, gate);
    }

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

    private void Leave(string buildKey, KeyGate gate, bool release)
    {
        lock (keys)
        {
            if (release)
            {
                gate.Semaphore.Release();
            }

            // The last user (holding or waiting) removes the gate.
            if (--gate.Users == 0)
            {
                keys.Remove(buildKey);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class KeyGate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Claim(RunningBuilds owner, string buildKey, KeyGate gate) : IDisposable
    {
        public void Dispose() => owner.Leave(buildKey, gate, release: true);
    }
}

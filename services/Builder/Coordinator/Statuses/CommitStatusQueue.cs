using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// The statuses waiting to be sent, in memory and bounded: one per commit and context, the newest state
/// replacing an older one that was not sent yet, so that a provider that is down gets the final state when
/// it is back, not the history. A result (success, failure) is not replaced by a later pending or running
/// of the same commit (an automatic retry of a failed image shows its next result, not the retry), and a
/// status that says what the last one said is not sent again. Offering never waits.
/// </summary>
public sealed class CommitStatusQueue(IOptions<CommitStatusOptions> options, TimeProvider time, ILogger<CommitStatusQueue> logger)
{
    private readonly object gate = new();
    private readonly Dictionary<(string Commit, string Context), Delivery> waiting = [];
    private readonly Dictionary<(string Commit, string Context), CommitStatus> latest = [];
    private readonly Queue<(string Commit, string Context)> latestOrder = new();
    private readonly SemaphoreSlim signal = new(0);
    private long sequence;
    private bool overflowing;

    /// <summary>Statuses waiting, for a look from tests and logs.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Queues the status unless it says no more than the last one of its commit and context. Statuses come in the order of the events they report.</summary>
    public bool Offer(CommitStatus status)
    {
        var key = (status.Commit, status.Context);
        lock (gate)
        {
            if (latest.TryGetValue(key, out var last) && Supersedes(last, status) is { } why)
            {
                logger.LogDebug("Commit status {Context} at {Commit} is not sent: {Why}", status.Context, status.Commit, why);
                return false;
            }

            Remember(key, status);
            if (waiting.TryGetValue(key, out var queued))
            {
                // Its place and its backoff stay (the provider is no readier for it); its age for giving up starts again.
                waiting[key] = queued with { Status = status, QueuedAt = time.GetUtcNow() };
            }
            else
            {
                waiting[key] = new Delivery(status, ++sequence, time.GetUtcNow(), time.GetUtcNow(), 0);
                DropOldestBeyondCapacity();
            }
        }

        signal.Release();
        return true;
    }

    /// <summary>The oldest status that is due; waits until one is.</summary>
    public async Task<Delivery> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetUtcNow();
                var due = waiting.Values.Where(d => d.DueAt <= now).MinBy(d => d.Sequence);
                if (due is not null)
                {
                    waiting.Remove((due.Status.Commit, due.Status.Context));
                    return due;
                }

                wait = waiting.Count == 0 ? Timeout.InfiniteTimeSpan : waiting.Values.Min(d => d.DueAt) - now;
            }

            await signal.WaitAsync(wait, cancellationToken);
        }
    }

    /// <summary>Puts a status the provider did not take back, due after <paramref name="delay"/>, unless a newer one of its commit and context came meanwhile.</summary>
    public void Retry(Delivery delivery, TimeSpan delay)
    {
        var key = (delivery.Status.Commit, delivery.Status.Context);
        lock (gate)
        {
            if (waiting.ContainsKey(key))
            {
                return;
            }

            waiting[key] = delivery with { DueAt = time.GetUtcNow() + delay, Attempts = delivery.Attempts + 1 };
            DropOldestBeyondCapacity();
        }

        signal.Release();
    }

    /// <summary>Why <paramref name="next"/> is not worth sending after <paramref name="last"/>, or null when it is.</summary>
    private static string? Supersedes(CommitStatus last, CommitStatus next) =>
        last.IsFinal && !next.IsFinal ? $"the commit shows the result {last.State.ToString().ToLowerInvariant()} already; a retry shows only its result"
        : last.State == next.State && last.Description == next.Description ? "it says what the status before it said"
        : null;

    private void Remember((string, string) key, CommitStatus status)
    {
        if (!latest.ContainsKey(key))
        {
            latestOrder.Enqueue(key);
        }

        latest[key] = status;
        // What was said is remembered for many more statuses than wait to be sent: old commits are forgotten first.
        while (latest.Count > options.Value.QueueCapacity * 10 && latestOrder.TryDequeue(out var oldest))
        {
            latest.Remove(oldest);
        }
    }

    private void DropOldestBeyondCapacity()
    {
        if (waiting.Count <= options.Value.QueueCapacity)
        {
            overflowing = false;
            return;
        }

        var oldest = waiting.Values.MinBy(d => d.Sequence)!;
        waiting.Remove((oldest.Status.Commit, oldest.Status.Context));
        if (!overflowing)
        {
            overflowing = true;
            logger.LogWarning("{Count} commit statuses wait for the provider ({Section}:QueueCapacity); the oldest are dropped, starting with {Context} at {Commit}",
                waiting.Count, CommitStatusOptions.Section, oldest.Status.Context, oldest.Status.Commit);
        }
    }
}

/// <summary>A status on its way: its place in the queue, when it was first queued, when it is due, how often the provider refused it.</summary>
public sealed record Delivery(CommitStatus Status, long Sequence, DateTimeOffset QueuedAt, DateTimeOffset DueAt, int Attempts);

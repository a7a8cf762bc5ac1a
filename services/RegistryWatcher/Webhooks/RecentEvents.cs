using Microsoft.Extensions.Options;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>
/// The ids of the last events handled, to drop a delivery the registry sends again, and the ids being handled
/// now: a copy that arrives while the first is still handled (a registry retrying after its timeout) waits for
/// the first's outcome instead of handling the event a second time.
/// </summary>
public sealed class RecentEvents(IOptions<WatcherOptions> options)
{
    private readonly Lock sync = new();
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Dictionary<string, TaskCompletionSource<bool>> handling = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims an event for handling. Null when it was handled before, or by a copy that was handled meanwhile:
    /// a duplicate. Otherwise the caller handles it and then calls <see cref="Claim.Complete"/>; a claim
    /// disposed without that (the handling failed) lets a waiting copy, or the registry's retry, handle it.
    /// </summary>
    public async Task<Claim?> ClaimAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<bool> other;
            lock (sync)
            {
                if (ids.Contains(id))
                {
                    return null;
                }

                if (!handling.TryGetValue(id, out var first))
                {
                    var mine = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    handling[id] = mine;
                    return new Claim(this, id, mine);
                }

                other = first.Task;
            }

            if (await other.WaitAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    private void RememberLocked(string id)
    {
        if (!ids.Add(id))
        {
            return;
        }

        order.Enqueue(id);
        while (order.Count > options.Value.Webhooks.RememberedEvents)
        {
            ids.Remove(order.Dequeue());
        }
    }

    private void Release(string id, TaskCompletionSource<bool> claim, bool handled)
    {
        lock (sync)
        {
            if (handled)
            {
                RememberLocked(id);
            }

            handling.Remove(id);
        }

        claim.TrySetResult(handled);
    }

    /// <summary>One delivery's hold on an event id while it handles the event.</summary>
    public sealed class Claim(RecentEvents owner, string id, TaskCompletionSource<bool> source) : IDisposable
    {
        private bool released;

        /// <summary>The event was handled: its id is remembered and waiting copies are duplicates.</summary>
        public void Complete()
        {
            if (!released)
            {
                released = true;
                owner.Release(id, source, handled: true);
            }
        }

        public void Dispose()
        {
            if (!released)
            {
                released = true;
                owner.Release(id, source, handled: false);
            }
        }
    }
}

using Microsoft.Extensions.Options;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>The ids of the last events handled, to drop a delivery the registry sends again.</summary>
public sealed class RecentEvents(IOptions<WatcherOptions> options)
{
    private readonly Lock sync = new();
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public bool Contains(string id)
    {
        lock (sync)
        {
            return ids.Contains(id);
        }
    }

    public void Remember(string id)
    {
        lock (sync)
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
    }
}

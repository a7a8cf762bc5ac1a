using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>The ids of the last deliveries handled, per provider, to drop one that is sent again; the oldest are forgotten first.</summary>
public sealed class RecentDeliveries(IOptions<PushWebhookOptions> options)
{
    private readonly Lock sync = new();
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>Remembers the delivery; false when it was seen before.</summary>
    public bool TryRemember(string provider, string deliveryId)
    {
        var key = provider + "/" + deliveryId;
        lock (sync)
        {
            if (!ids.Add(key))
            {
                return false;
            }

            order.Enqueue(key);
            while (order.Count > options.Value.RememberedDeliveries)
            {
                ids.Remove(order.Dequeue());
            }

            return true;
        }
    }
}

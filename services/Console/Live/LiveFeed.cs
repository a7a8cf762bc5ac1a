using Platform.Console.Apis;

namespace Platform.Console.Live;

/// <summary>Tells every open page of a change the bus reported; the page reads the services again and pushes the difference.</summary>
public sealed class LiveFeed(ApiCache cache, ILogger<LiveFeed> logger)
{
    private readonly Lock gate = new();
    private readonly List<Action<LiveChange>> listeners = [];

    public IDisposable Subscribe(Action<LiveChange> listener)
    {
        lock (gate)
        {
            listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    public void Publish(LiveChange change)
    {
        cache.Clear();
        Action<LiveChange>[] current;
        lock (gate)
        {
            current = [.. listeners];
        }

        foreach (var listener in current)
        {
            try
            {
                listener(change);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A page failed to take the change {Area} {Subject}", change.Area, change.Subject);
            }
        }
    }

    private void Unsubscribe(Action<LiveChange> listener)
    {
        lock (gate)
        {
            listeners.Remove(listener);
        }
    }

    private sealed class Subscription(LiveFeed feed, Action<LiveChange> listener) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(listener);
    }
}

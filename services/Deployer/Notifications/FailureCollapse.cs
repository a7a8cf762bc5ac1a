namespace Platform.Deployer.Notifications;

/// <summary>
/// Repeated failures of the same thing are collapsed: the first is sent, the next ones within the window are counted, and the first one
/// after the window is sent with that count (a build that fails every minute makes one message per window, not a storm). A success of
/// the thing (the image pushed, the service deployed, a good run) starts afresh: its next failure is news and is sent at once.
/// </summary>
public sealed class FailureCollapse(TimeSpan window, TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset SentAt, int Collapsed)> sent = new(StringComparer.Ordinal);

    /// <summary>The notice to send, with the failures collapsed into it; null when it is collapsed itself.</summary>
    public Notice? Admit(Notice notice)
    {
        if (notice.CollapseKey is not { } key)
        {
            return notice;
        }

        var now = time.GetUtcNow();
        lock (sent)
        {
            if (sent.TryGetValue(key, out var last) && now - last.SentAt < window)
            {
                sent[key] = (last.SentAt, last.Collapsed + 1);
                return null;
            }

            sent[key] = (now, 0);
            if (sent.Count > 10_000)
            {
                // Bounded: the oldest entries go; at worst one of them is sent again.
                foreach (var old in sent.Where(p => now - p.Value.SentAt >= window).Select(p => p.Key).ToList())
                {
                    sent.Remove(old);
                }
            }

            return last.Collapsed > 0 ? notice with { Collapsed = last.Collapsed, CollapsedSince = last.SentAt } : notice;
        }
    }

    /// <summary>The thing succeeded: its next failure is sent at once.</summary>
    public void Succeeded(NoticeKind kind, string environment, string subject)
    {
        var key = new Notice(kind, environment, subject, "", [], [], null, default, new object()).CollapseKey;
        if (key is not null)
        {
            lock (sent)
            {
                sent.Remove(key);
            }
        }
    }
}

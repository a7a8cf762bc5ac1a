using Platform.RegistryWatcher.Polling;
using Platform.RegistryWatcher.Watches;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>What a push of one tag means for the watches of its repository, whichever webhook told of it.</summary>
public sealed class PushedTags(WatchList watches, WatchBoard board, DigestAnnouncer announcer, DigestPoller poller)
{
    /// <summary>
    /// The watches for which <paramref name="tag"/> is now the winning tag: a digest watch of that tag; a
    /// semver or regex watch when the tag is accepted and not below the tag that won before. A policy watch
    /// that has never been checked is checked now instead (its winner is unknown), and is not returned.
    /// </summary>
    public async Task<IReadOnlyList<Watch>> WinnersAsync(string? registry, string repository, string tag, CancellationToken cancellationToken)
    {
        var result = new List<Watch>();
        foreach (var watch in await watches.OfRepositoryAsync(registry, repository, cancellationToken))
        {
            if (!watch.Policy.Accepts(tag))
            {
                continue;
            }

            if (watch.Policy.FixedTag is null)
            {
                var winner = board.Of(watch.Key).Tag ?? (await announcer.AnnouncedAsync(watch.Key, cancellationToken)).Tag;
                if (winner is null)
                {
                    await poller.CheckAsync(watch, cancellationToken);
                    if (board.Of(watch.Key).LastError is not null)
                    {
                        poller.CheckAgainSoon(watch);
                    }

                    continue;
                }

                if (winner != tag && watch.Policy.Compare(tag, winner) < 0)
                {
                    continue;
                }
            }

            result.Add(watch);
        }

        return result;
    }
}

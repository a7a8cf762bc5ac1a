using System.Threading.Channels;
using Platform.Catalog.Remote;

namespace Platform.Builder.Coordinator.Commits;

/// <summary>
/// Asks the commit poller to look at the repository now instead of at its next interval, or to plan its commit again.
/// Looking now means fetching a remote now, whatever <c>Catalog:FetchInterval</c> says.
/// </summary>
public sealed class CommitTrigger(CatalogRepository repository)
{
    private readonly Channel<bool> requests = Channel.CreateUnbounded<bool>();

    /// <summary>Requests a check. <paramref name="replan"/>: plan the current commit again even if it has not moved (an input from outside it changed).</summary>
    public void Request(bool replan = false)
    {
        if (!replan)
        {
            repository.RequestFetch();
        }

        requests.Writer.TryWrite(replan);
    }

    /// <summary>Waits for requests or for the interval to pass; true when one of the requests asked to plan again.</summary>
    public async Task<bool> WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(interval);
        var replan = false;
        try
        {
            replan = await requests.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        // Requests made while a cycle ran are merged into this one.
        while (requests.Reader.TryRead(out var more))
        {
            replan |= more;
        }

        return replan;
    }
}

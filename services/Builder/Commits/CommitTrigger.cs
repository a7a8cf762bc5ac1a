using System.Threading.Channels;

namespace Platform.Builder.Commits;

/// <summary>Asks the commit poller to look at the repository now instead of at its next interval.</summary>
public sealed class CommitTrigger
{
    private readonly Channel<bool> requests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Requests a check; requests made while one is already waiting are merged into it.</summary>
    public void Request() => requests.Writer.TryWrite(true);

    /// <summary>Waits for a request or for the interval to pass, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(interval);
        try
        {
            await requests.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

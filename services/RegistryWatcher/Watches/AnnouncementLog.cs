using System.Collections.Concurrent;
using MassTransit;
using Platform.Contracts;

namespace Platform.RegistryWatcher.Watches;

/// <summary>A mark the watcher sends down its own announcement log: once it comes back, everything published before it was read.</summary>
public sealed record AnnouncementLogMarker(Guid Id);

/// <summary>
/// The watcher's own durable queue of every <see cref="ImageDigestChanged"/> on the bus. A watcher that stops
/// after publishing and before marking the observation announced finds its announcement here when it starts
/// again and marks it then, rather than publishing it a second time: the broker is the outbox.
/// </summary>
public sealed class AnnouncementLog(ILogger<AnnouncementLog> logger)
{
    public const string Queue = "registry-watcher-announcement-log";

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> markers = new();

    /// <summary>Sends a marker down the log and waits until it has been read: the log is drained up to now.</summary>
    public async Task DrainAsync(ISendEndpointProvider sender, CancellationToken cancellationToken)
    {
        var marker = new AnnouncementLogMarker(Guid.CreateVersion7());
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        markers[marker.Id] = reached;
        try
        {
            var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{Queue}"));
            await endpoint.Send(marker, cancellationToken);
            await reached.Task.WaitAsync(DrainTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The announcement log was not read within {Timeout}; announcing the pending observations all the same", DrainTimeout);
        }
        finally
        {
            markers.TryRemove(marker.Id, out _);
        }
    }

    public void Reached(Guid markerId)
    {
        if (markers.TryGetValue(markerId, out var reached))
        {
            reached.TrySetResult();
        }
    }
}

/// <summary>Reads the announcement log in order: confirms each announcement in the store, and answers the drain markers.</summary>
public sealed class AnnouncementLogConsumer(DigestStore store, AnnouncementLog log, TimeProvider time, ILogger<AnnouncementLogConsumer> logger)
    : IConsumer<ImageDigestChanged>, IConsumer<AnnouncementLogMarker>
{
    public async Task Consume(ConsumeContext<ImageDigestChanged> context)
    {
        if (context.MessageId is { } id && await store.ConfirmAsync(id, time.GetUtcNow(), context.CancellationToken))
        {
            logger.LogDebug("{Image}:{Tag} -> {Digest} confirmed from the announcement log", context.Message.Image, context.Message.Tag, context.Message.Digest);
        }
    }

    public Task Consume(ConsumeContext<AnnouncementLogMarker> context)
    {
        log.Reached(context.Message.Id);
        return Task.CompletedTask;
    }
}

/// <summary>One message at a time, in order: a marker is read only after everything published before it.</summary>
public sealed class AnnouncementLogConsumerDefinition : ConsumerDefinition<AnnouncementLogConsumer>
{
    public AnnouncementLogConsumerDefinition()
    {
        EndpointName = AnnouncementLog.Queue;
        ConcurrentMessageLimit = 1;
    }
}

using MassTransit;
using Platform.Contracts;

namespace Platform.RegistryWatcher.Watches;

/// <summary>Where announcements go; the announcer itself knows nothing of the message bus.</summary>
public interface IAnnouncementPublisher
{
    /// <param name="announcementId">The message id: the same observation is published under the same id, however often it is tried.</param>
    Task PublishAsync(ImageDigestChanged announcement, Guid announcementId, CancellationToken cancellationToken);

    /// <summary>Returns once every announcement published before now has been read back and confirmed in the store.</summary>
    Task SettleAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Announcements published on the bus (inside a consumer this continues the consumer's trace), each under
/// its observation's id; the watcher's own announcement log reads them back (<see cref="AnnouncementLog"/>).
/// </summary>
public sealed class BusAnnouncementPublisher(IBus bus, AnnouncementLog log) : IAnnouncementPublisher
{
    public Task PublishAsync(ImageDigestChanged announcement, Guid announcementId, CancellationToken cancellationToken) =>
        bus.Publish(announcement, context => context.MessageId = announcementId, cancellationToken);

    public Task SettleAsync(CancellationToken cancellationToken) => log.DrainAsync(bus, cancellationToken);
}

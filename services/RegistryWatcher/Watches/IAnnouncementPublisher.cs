using MassTransit;
using Platform.Contracts;

namespace Platform.RegistryWatcher.Watches;

/// <summary>Where announcements go; the announcer itself knows nothing of the message bus.</summary>
public interface IAnnouncementPublisher
{
    Task PublishAsync(ImageDigestChanged announcement, CancellationToken cancellationToken);
}

/// <summary>Announcements published on the bus; inside a consumer this continues the consumer's trace.</summary>
public sealed class BusAnnouncementPublisher(IBus bus) : IAnnouncementPublisher
{
    public Task PublishAsync(ImageDigestChanged announcement, CancellationToken cancellationToken) =>
        bus.Publish(announcement, cancellationToken);
}

using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Platform.Deployer.Notifications;

/// <summary>One message to one receiver; <see cref="Id"/> stays the same on every attempt.</summary>
public sealed record Delivery(string Receiver, NotifyReceiver To, Notice Notice, Guid Id);

/// <summary>
/// Where notices wait for the <see cref="NotificationSender"/>: collapsed, filtered per receiver, and queued without waiting, so that
/// telling the team never holds up a rollout or a consumer. Each receiver has its own queue, so that one that is slow or silent
/// delays only its own messages; when a queue is full its oldest message goes.
/// </summary>
public sealed class NotificationOutbox(IOptions<NotifyOptions> options, TimeProvider time, ILogger<NotificationOutbox> logger)
{
    /// <summary>The most messages that wait for one receiver.</summary>
    public const int Capacity = 1000;

    private readonly Dictionary<string, Channel<Delivery>> queues = options.Value.Receivers.Keys.ToDictionary(name => name, name => Channel.CreateBounded<Delivery>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        dropped => logger.LogWarning("Dropped the {Kind} notification of {Subject} to {Receiver}: {Capacity} messages wait for it",
            NoticeKinds.Name(dropped.Notice.Kind), dropped.Notice.Subject, dropped.Receiver, Capacity)), StringComparer.Ordinal);

    private readonly FailureCollapse collapse = new(options.Value.CollapseWindow, time);

    public bool HasReceivers => queues.Count > 0;

    /// <summary>Each receiver's queue, by the receiver's name.</summary>
    public IEnumerable<KeyValuePair<string, ChannelReader<Delivery>>> Readers => queues.Select(q => KeyValuePair.Create(q.Key, q.Value.Reader));

    public void Post(Notice notice)
    {
        if (!HasReceivers)
        {
            return;
        }

        if (collapse.Admit(notice) is not { } admitted)
        {
            logger.LogInformation("Collapsed {Kind} of {Subject} in {Environment}: the same failure was sent less than {Window} ago",
                NoticeKinds.Name(notice.Kind), notice.Subject, notice.Environment, options.Value.CollapseWindow);
            return;
        }

        foreach (var (name, receiver) in options.Value.Receivers.Where(r => r.Value.Wants(admitted)))
        {
            queues[name].Writer.TryWrite(new Delivery(name, receiver, admitted, Guid.NewGuid()));
        }
    }

    /// <summary>The thing succeeded (image pushed, service deployed, job run completed): its next failure is sent at once.</summary>
    public void Succeeded(NoticeKind kind, string environment, string subject) => collapse.Succeeded(kind, environment, subject);
}

using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Platform.Deployer.Notifications;

/// <summary>One message to one receiver; <see cref="Id"/> stays the same on every attempt.</summary>
public sealed record Delivery(string Receiver, NotifyReceiver To, Notice Notice, Guid Id);

/// <summary>
/// Where notices wait for the <see cref="NotificationSender"/>: collapsed, filtered per receiver, and queued without waiting, so that
/// telling the team never holds up a rollout or a consumer. When the queue is full the oldest message goes.
/// </summary>
public sealed class NotificationOutbox(IOptions<NotifyOptions> options, TimeProvider time, ILogger<NotificationOutbox> logger)
{
    private readonly Channel<Delivery> queue = Channel.CreateBounded<Delivery>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        dropped => logger.LogWarning("Dropped the {Kind} notification of {Subject} to {Receiver}: 1000 messages wait for their receivers",
            NoticeKinds.Name(dropped.Notice.Kind), dropped.Notice.Subject, dropped.Receiver));

    private readonly FailureCollapse collapse = new(options.Value.CollapseWindow, time);

    public bool HasReceivers => options.Value.Receivers.Count > 0;

    public ChannelReader<Delivery> Reader => queue.Reader;

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
            queue.Writer.TryWrite(new Delivery(name, receiver, admitted, Guid.NewGuid()));
        }
    }

    /// <summary>The thing succeeded (image pushed, service deployed, job run completed): its next failure is sent at once.</summary>
    public void Succeeded(NoticeKind kind, string environment, string subject) => collapse.Succeeded(kind, environment, subject);
}

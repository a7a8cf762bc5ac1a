using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Deployer.Notifications;

namespace Platform.Deployer.Tests.Notifications;

/// <summary>The sender against real HTTP receivers on 127.0.0.1: retries of 429 and 5xx with a pause, the signature, refusals and receivers that never answer.</summary>
public sealed class DeliveryTests
{
    private const string Token = "xoxb-s3cr3t-path-token";
    private const string Key = "a-signing-key-of-32-characters!!";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_webhook_answering_429_then_503_gets_the_same_signed_message_again_after_its_Retry_After_and_then_takes_it()
    {
        await using var receiver = await LocalReceiver.StartAsync(answers: [429, 503], retryAfter: TimeSpan.FromSeconds(1));
        var (sender, logger) = Sender(new NotifyOptions { RetryDelay = TimeSpan.FromMilliseconds(100) });
        var to = new NotifyReceiver { Kind = ReceiverKind.Webhook, Url = $"{receiver.BaseUrl}/hooks/{Token}", Secret = Key };
        using var deadline = new CancellationTokenSource(Deadline);

        var delivered = await sender.DeliverAsync(Delivery(to), deadline.Token);

        Assert.True(delivered, logger.All);
        var requests = receiver.Received.ToList();
        Assert.Equal([429, 503, 200], requests.Select(r => r.Answer));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.9), $"the second attempt came {requests[1].At - requests[0].At} after the first, before the Retry-After of 1 s");
        Assert.Single(requests.Select(r => r.Headers[WebhookMessage.DeliveryHeader]).Distinct());
        foreach (var request in requests)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(request.Body)));
            Assert.Equal(expected, request.Headers[WebhookMessage.SignatureHeader]);
            Assert.Equal("rolled-back", request.Headers[WebhookMessage.EventHeader]);
        }

        Assert.DoesNotContain(Token, logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, logger.All, StringComparison.Ordinal);
        Assert.Contains("Notified audit of rolled-back of status-api in prod (attempt 3)", logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Slack_receiver_takes_the_message_as_Slack_documents_it_and_one_that_refuses_is_not_asked_again()
    {
        await using var slack = await LocalReceiver.StartAsync(slack: true);
        await using var refusing = await LocalReceiver.StartAsync(answers: [404]);
        var (sender, logger) = Sender(new NotifyOptions { RetryDelay = TimeSpan.FromMilliseconds(100) });
        using var deadline = new CancellationTokenSource(Deadline);

        Assert.True(await sender.DeliverAsync(Delivery(new NotifyReceiver { Url = $"{slack.BaseUrl}/services/T0/B0/{Token}" }), deadline.Token), logger.All);
        Assert.False(await sender.DeliverAsync(Delivery(new NotifyReceiver { Url = $"{refusing.BaseUrl}/services/T0/B0/{Token}" }), deadline.Token));

        Assert.Equal(200, Assert.Single(slack.Received).Answer);
        Assert.Equal(404, Assert.Single(refusing.Received).Answer);
        Assert.Contains("refused the rolled-back notification of status-api: HTTP 404", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_is_given_up_after_its_attempts_each_bounded_by_the_timeout()
    {
        await using var silent = await LocalReceiver.StartAsync(hang: true);
        var (sender, logger) = Sender(new NotifyOptions { MaxAttempts = 3, Timeout = TimeSpan.FromMilliseconds(300), RetryDelay = TimeSpan.FromMilliseconds(50) });
        using var deadline = new CancellationTokenSource(Deadline);
        var clock = Stopwatch.StartNew();

        var delivered = await sender.DeliverAsync(Delivery(new NotifyReceiver { Url = $"{silent.BaseUrl}/services/T0/B0/{Token}" }), deadline.Token);

        Assert.False(delivered);
        Assert.Equal(3, silent.Received.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"giving up took {clock.Elapsed}");
        Assert.Contains("Gave up notifying audit of rolled-back of status-api after 3 attempts: no answer within 00:00:00.3000000", logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_holds_up_no_other_receiver()
    {
        await using var silent = await LocalReceiver.StartAsync(hang: true);
        await using var slack = await LocalReceiver.StartAsync(slack: true);
        var options = Microsoft.Extensions.Options.Options.Create(new NotifyOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            MaxAttempts = 2,
            Receivers =
            {
                ["pager"] = new NotifyReceiver { Url = $"{silent.BaseUrl}/services/T0/B0/{Token}" },
                ["team"] = new NotifyReceiver { Url = $"{slack.BaseUrl}/services/T0/B0/{Token}" },
            },
        });
        var outbox = new NotificationOutbox(options, TimeProvider.System, NullLogger<NotificationOutbox>.Instance);
        using var sender = new NotificationSender(outbox, options, TimeProvider.System, new ListLogger<NotificationSender>());
        using var deadline = new CancellationTokenSource(Deadline);
        await sender.StartAsync(deadline.Token);

        for (var i = 0; i < 6; i++)
        {
            outbox.Post(Notices.Promoted(new Platform.Contracts.DigestPromoted(Guid.NewGuid(), "prod", $"etl-{i}", "sha256:" + new string('e', 64), null, "beta",
                null, $"key-{i}", "ada", DateTimeOffset.UtcNow)));
        }

        // Six messages wait on the silent receiver for 10 s each; the other one has them all at once.
        await Platform.Testing.Eventually.WaitAsync(_ => Task.FromResult(slack.Received.Count), count => count == 6, TimeSpan.FromSeconds(5),
            "the Slack receiver to get all six messages while the other receiver stays silent");
        Assert.InRange(silent.Received.Count, 1, 2);
        await sender.StopAsync(deadline.Token);
    }

    private static Delivery Delivery(NotifyReceiver to) => new("audit", to, Notices.RolledBack(NoticeTests.RolledBack(), "prod"), Guid.NewGuid());

    private static (NotificationSender Sender, ListLogger<NotificationSender> Logger) Sender(NotifyOptions settings)
    {
        var options = Microsoft.Extensions.Options.Options.Create(settings);
        var outbox = new NotificationOutbox(options, TimeProvider.System, NullLogger<NotificationOutbox>.Instance);
        var logger = new ListLogger<NotificationSender>();
        return (new NotificationSender(outbox, options, TimeProvider.System, logger), logger);
    }
}

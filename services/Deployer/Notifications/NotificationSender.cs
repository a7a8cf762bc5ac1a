using System.Diagnostics;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Platform.Deployer.Notifications;

/// <summary>
/// Sends what the <see cref="NotificationOutbox"/> holds, each receiver's queue on its own (two messages at a time), so that a silent
/// receiver holds up no other: a receiver that answers 429 or 5xx, times out or cannot be reached is tried again after a growing pause
/// (its <c>Retry-After</c> when it gives one), up to <see cref="NotifyOptions.MaxAttempts"/>. It has its own <see cref="HttpClient"/>,
/// outside the client factory and without a trace, so that a receiver's URL (a secret) is never written to a log or a span; the logs
/// name the receiver by its setting's name.
/// </summary>
public sealed class NotificationSender(NotificationOutbox outbox, IOptions<NotifyOptions> options, TimeProvider time, ILogger<NotificationSender> logger)
    : BackgroundService
{
    private const int PerReceiver = 2;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ActivityHeadersPropagator = null })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // No span of a consumer or rollout is current here: the requests are not traced (their URL would be in the span).
        Activity.Current = null;
        return Task.WhenAll(outbox.Readers.Select(queue => DrainAsync(queue.Value, stoppingToken)));
    }

    private async Task DrainAsync(ChannelReader<Delivery> queue, CancellationToken stoppingToken)
    {
        using var parallel = new SemaphoreSlim(PerReceiver, PerReceiver);
        var running = new List<Task>();
        try
        {
            await foreach (var delivery in queue.ReadAllAsync(stoppingToken))
            {
                await parallel.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await DeliverAsync(delivery, stoppingToken);
                    }
                    finally
                    {
                        parallel.Release();
                    }
                }, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Sends one message until it is taken, refused (another 4xx) or out of attempts; never throws but for shutdown.</summary>
    public async Task<bool> DeliverAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var kind = NoticeKinds.Name(delivery.Notice.Kind);
        var body = Body(delivery);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            string outcome;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                using var request = Request(delivery, body);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Notified {Receiver} of {Kind} of {Subject} in {Environment} (attempt {Attempt})",
                        delivery.Receiver, kind, delivery.Notice.Subject, delivery.Notice.Environment, attempt);
                    return true;
                }

                outcome = $"HTTP {(int)response.StatusCode}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    var answer = await response.Content.ReadAsStringAsync(timeout.Token);
                    logger.LogWarning("{Receiver} refused the {Kind} notification of {Subject}: {Outcome} {Answer}; not tried again",
                        delivery.Receiver, kind, delivery.Notice.Subject, outcome, answer.Length > 200 ? answer[..200] : answer);
                    return false;
                }

                retryAfter = response.Headers.RetryAfter is { } after
                    ? after.Delta ?? (after.Date is { } date ? date - time.GetUtcNow() : null)
                    : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                outcome = $"no answer within {settings.Timeout}";
            }
            catch (HttpRequestException e)
            {
                // The exception's message can hold the host but never the path; only its kind is logged.
                outcome = $"cannot be reached ({e.HttpRequestError})";
            }

            if (attempt >= settings.MaxAttempts)
            {
                logger.LogWarning("Gave up notifying {Receiver} of {Kind} of {Subject} after {Attempts} attempts: {Outcome}",
                    delivery.Receiver, kind, delivery.Notice.Subject, attempt, outcome);
                return false;
            }

            var delay = Backoff(retryAfter, attempt);
            logger.LogInformation("{Receiver} did not take the {Kind} notification of {Subject} ({Outcome}); trying again in {Delay}",
                delivery.Receiver, kind, delivery.Notice.Subject, outcome, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private TimeSpan Backoff(TimeSpan? retryAfter, int attempt)
    {
        if (retryAfter is { } after && after > TimeSpan.Zero)
        {
            return after < MaxDelay ? after : MaxDelay;
        }

        var delay = options.Value.RetryDelay * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return delay < MaxDelay ? delay : MaxDelay;
    }

    private static byte[] Body(Delivery delivery)
    {
        var json = delivery.To.Kind switch
        {
            ReceiverKind.Slack => SlackMessage.Of(delivery.Notice),
            ReceiverKind.Teams => TeamsMessage.Of(delivery.Notice),
            ReceiverKind.Discord => DiscordMessage.Of(delivery.Notice),
            _ => WebhookMessage.Of(delivery.Notice, delivery.Id),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static HttpRequestMessage Request(Delivery delivery, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.To.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        if (delivery.To.Kind == ReceiverKind.Webhook)
        {
            request.Headers.Add(WebhookMessage.EventHeader, NoticeKinds.Name(delivery.Notice.Kind));
            request.Headers.Add(WebhookMessage.DeliveryHeader, delivery.Id.ToString());
            request.Headers.Add(WebhookMessage.SignatureHeader, WebhookMessage.Signature(delivery.To.Secret!, body));
        }

        return request;
    }

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>
/// What a webhook request refused by the admission limit gets: 503 with <c>Retry-After</c>, which registries
/// answer by sending the notification again. Logged at most every 10 s with the count since, so a flood does not
/// flood the log too.
/// </summary>
public sealed class WebhookAdmission(IOptions<WatcherOptions> options, TimeProvider time, ILogger<WebhookAdmission> logger)
{
    /// <summary>Seconds a refused sender is asked to wait before it sends again.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly Lock sync = new();
    private DateTimeOffset lastLogged = DateTimeOffset.MinValue;
    private int refusedSince;

    public void Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        int refused;
        lock (sync)
        {
            refusedSince++;
            if (time.GetUtcNow() - lastLogged < TimeSpan.FromSeconds(10))
            {
                return;
            }

            (refused, refusedSince, lastLogged) = (refusedSince, 0, time.GetUtcNow());
        }

        var webhooks = options.Value.Webhooks;
        logger.LogWarning(
            "Refused {Refused} webhook request(s) with 503 and Retry-After: {Limit} were handled and {Queue} waited already " +
            "(RegistryWatcher:Webhooks:MaxConcurrentRequests, MaxQueuedRequests)", refused, webhooks.MaxConcurrentRequests, webhooks.MaxQueuedRequests);
    }
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.RegistryWatcher.Webhooks;

public static class WebhookEndpoints
{
    /// <summary>The rate limiter policy of the webhook endpoints: one concurrency limit with a bounded queue, shared by both.</summary>
    public const string AdmissionPolicy = "webhooks";

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<RecentEvents>();
        services.AddSingleton<PushedTags>();
        services.AddSingleton<DistributionWebhook>();
        services.AddSingleton<DockerHubWebhook>();
        services.AddSingleton<WebhookAdmission>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AdmissionPolicy, context =>
            {
                var webhooks = context.RequestServices.GetRequiredService<IOptions<WatcherOptions>>().Value.Webhooks;
                return RateLimitPartition.GetConcurrencyLimiter(AdmissionPolicy, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = webhooks.MaxConcurrentRequests,
                    QueueLimit = webhooks.MaxQueuedRequests,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<WebhookAdmission>().Refuse(context.HttpContext);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// The registry notification endpoints; both answer 401 without the shared secret and publish nothing, and
    /// 503 with Retry-After when more requests than the limit are handled and queued already.
    /// </summary>
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(DistributionWebhook.Path, (HttpRequest request, DistributionWebhook webhook, CancellationToken cancellationToken) =>
            webhook.HandleAsync(request, cancellationToken)).RequireRateLimiting(AdmissionPolicy);
        endpoints.MapPost(DockerHubWebhook.Path, (HttpRequest request, DockerHubWebhook webhook, CancellationToken cancellationToken) =>
            webhook.HandleAsync(request, cancellationToken)).RequireRateLimiting(AdmissionPolicy);
        return endpoints;
    }
}

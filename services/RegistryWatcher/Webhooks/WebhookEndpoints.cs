namespace Platform.RegistryWatcher.Webhooks;

public static class WebhookEndpoints
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<RecentEvents>();
        services.AddSingleton<PushedTags>();
        services.AddSingleton<DistributionWebhook>();
        services.AddSingleton<DockerHubWebhook>();
        return services;
    }

    /// <summary>The registry notification endpoints; both answer 401 without the shared secret and publish nothing.</summary>
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(DistributionWebhook.Path, (HttpRequest request, DistributionWebhook webhook, CancellationToken cancellationToken) =>
            webhook.HandleAsync(request, cancellationToken));
        endpoints.MapPost(DockerHubWebhook.Path, (HttpRequest request, DockerHubWebhook webhook, CancellationToken cancellationToken) =>
            webhook.HandleAsync(request, cancellationToken));
        return endpoints;
    }
}

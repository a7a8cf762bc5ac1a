using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Webhooks;

public static class PushWebhooksExtensions
{
    private static readonly IPushWebhookProvider[] Providers = [new GitHubPushes(), new GitLabPushes(), new GiteaPushes(), new GitPushes()];

    /// <summary>The push webhooks of GitHub, GitLab, Gitea/Forgejo and a plain git hook; each is on when its secret is set.</summary>
    public static IServiceCollection AddPushWebhooks(this IServiceCollection services)
    {
        services.AddOptions<PushWebhookOptions>()
            .BindConfiguration(PushWebhookOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushWebhookOptions>, PushWebhookOptionsValidator>();
        services.AddSingleton<RecentDeliveries>();
        services.AddSingleton<FollowedRepository>();
        services.AddSingleton<FollowedRef>();
        services.AddSingleton<PushWebhook>();
        return services;
    }

    /// <summary><c>POST /api/webhooks/{github,gitlab,gitea,git}</c>.</summary>
    public static IEndpointRouteBuilder MapPushWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<PushWebhookOptions>>().Value;
        var on = Providers.Where(p => p.SecretOf(options) is { Length: > 0 }).Select(p => $"{p.Name} at {p.Path}").ToList();
        endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PushWebhook)).LogInformation(
            "Push webhooks: {Webhooks}", on.Count == 0 ? $"none (set {PushWebhookOptions.Section}:<provider>:Secret to turn one on)" : string.Join(", ", on));
        foreach (var provider in Providers)
        {
            endpoints.MapPost(provider.Path, (HttpRequest request, PushWebhook webhook, CancellationToken cancellationToken) =>
                webhook.HandleAsync(provider, request, cancellationToken));
        }

        return endpoints;
    }
}

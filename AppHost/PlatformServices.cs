using Platform.AppHost.Containers;
using Platform.AppHost.Infrastructure;

namespace Platform.AppHost;

/// <summary>What every service is wired to: the broker, the registry and the secrets the AppHost holds.</summary>
public sealed record PlatformInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResourceWithConnectionString> Registry,
    IResourceBuilder<ParameterResource> WebhookSecret,
    IResourceBuilder<ParameterResource> ApiToken,
    IResourceBuilder<ParameterResource>? RepositoryPassword,
    NotificationSettings Notifications);

public static class PlatformServices
{
    /// <summary>
    /// The services and how they are wired, the same whether they run as processes or as containers (<paramref name="services"/>).
    /// Each service waits for the one that consumes what it publishes, so that no event of a fresh
    /// environment is published before its queue exists: builder -> registry-watcher -> deployer.
    /// </summary>
    public static void AddPlatformServices<T>(
        this IDistributedApplicationBuilder builder, PlatformSettings settings, PlatformInfrastructure infrastructure, IServiceFactory<T> services)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        var (messaging, registry, webhookSecret, apiToken, repositoryPassword, notifications) = infrastructure;
        var deployer = services.Add("deployer", "deployer")
            .WithPlatformDefaults(settings, messaging, registry)
            .WithRepositoryAccess(settings, repositoryPassword)
            .WithDockerEngine()
            .WithEnvironment("Deployer__Environment", settings.Environment)
            .WithNotifications(notifications)
            .WithApiToken(apiToken);

        // With Platform:Environments=beta,prod also deployer-prod, which promotes what qualified in beta (docs/promotion.md).
        var furtherDeployers = builder.AddFurtherDeployers(services, deployer, settings, messaging, registry, repositoryPassword).ToList();
        foreach (var further in furtherDeployers)
        {
            further.WithNotifications(notifications).WithApiToken(apiToken);
        }

        var watcher = services.Add("registry-watcher", "registry-watcher")
            .WithPlatformDefaults(settings, messaging, registry)
            .WithRepositoryAccess(settings, repositoryPassword)
            .WithWatcherSettings(settings, webhookSecret)
            .WithApiToken(apiToken)
            .WaitFor(deployer);

        // The registry tells the watcher of every push at once; polling stays as the backstop.
        registry.WithNotificationsTo(watcher.GetEndpoint("http"), webhookSecret);

        var builderService = services.Add("builder", "builder")
            .WithPlatformDefaults(settings, messaging, registry)
            .WithRepositoryAccess(settings, repositoryPassword)
            .WithDockerEngine()
            .WithCommitStatuses(builder.Configuration)
            .WithPushWebhookSecrets()
            .WithApiToken(apiToken)
            .WithBuilderCommands(apiToken)
            .WaitFor(watcher);

        // The team's console reads the three services' APIs and follows the bus; the dashboard links to it.
        // The console reads every environment's deployer (deployer-prod with Platform:Environments=beta,prod).
        // It sends the API token on its actions.
        builder.AddConsole(services, "console", messaging, [builderService, watcher, deployer, .. furtherDeployers]).WithApiToken(apiToken);
    }
}

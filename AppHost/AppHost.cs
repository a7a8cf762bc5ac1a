using Platform.AppHost;
using Platform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var settings = PlatformSettings.Read(builder.Configuration, builder.AppHostDirectory);

var messaging = builder.AddMessaging("messaging", settings);
var registry = builder.AddImageRegistry("registry", settings);
var webhookSecret = builder.AddWebhookSecret("registry-webhook-secret");
var apiToken = builder.AddApiToken();
var repositoryPassword = builder.AddRepositoryPassword(settings);
var notifications = builder.AddNotificationSettings();

// Each service waits for the one that consumes what it publishes, so that no event of a fresh
// environment is published before its queue exists: builder -> registry-watcher -> deployer.
var deployer = builder.AddProject<Projects.Deployer>("deployer")
    .WithPlatformDefaults(settings, messaging, registry)
    .WithRepositoryAccess(settings, repositoryPassword)
    .WithEnvironment("Deployer__Environment", settings.Environment)
    .WithNotifications(notifications)
    .WithApiToken(apiToken);

// With Platform:Environments=beta,prod also deployer-prod, which promotes what qualified in beta (docs/promotion.md).
var furtherDeployers = builder.AddFurtherDeployers(deployer, settings, messaging, registry, repositoryPassword).ToList();
foreach (var further in furtherDeployers)
{
    further.WithNotifications(notifications).WithApiToken(apiToken);
}

var watcher = builder.AddProject<Projects.RegistryWatcher>("registry-watcher")
    .WithPlatformDefaults(settings, messaging, registry)
    .WithRepositoryAccess(settings, repositoryPassword)
    .WithWatcherSettings(settings, webhookSecret)
    .WithApiToken(apiToken)
    .WaitFor(deployer);

// The registry tells the watcher of every push at once; polling stays as the backstop.
registry.WithNotificationsTo(watcher, webhookSecret);

var builderService = builder.AddProject<Projects.Builder>("builder")
    .WithPlatformDefaults(settings, messaging, registry)
    .WithRepositoryAccess(settings, repositoryPassword)
    .WithCommitStatuses(builder.Configuration)
    .WithPushWebhookSecrets()
    .WithApiToken(apiToken)
    .WithBuilderCommands(apiToken)
    .WaitFor(watcher);

// The team's console reads the three services' APIs and follows the bus; the dashboard links to it.
// The console reads every environment's deployer (deployer-prod with Platform:Environments=beta,prod).
// It sends the API token on its actions.
builder.AddConsole("console", messaging, [builderService, watcher, deployer, .. furtherDeployers]).WithApiToken(apiToken);

builder.WriteEndpointsFile(settings);

builder.Build().Run();

using Platform.Catalog;
using Platform.Deployer.Jobs;
using Platform.Deployer.Ledger;
using Platform.Deployer.Notifications;
using Platform.Deployer.Promotions;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Registry;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Access;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Deployer;

/// <summary>The deployer as Program.cs composes it, in two steps that tests use too (two deployers of two environments in one test process).</summary>
public static class DeployerHost
{
    /// <summary>Defaults, messaging (queues named for the environment: <see cref="DeployerOptions.QueuePrefix"/>), options and features (notifications: <see cref="NotificationExtensions"/>).</summary>
    public static WebApplicationBuilder AddDeployer(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddPlatformMessaging(
            bus =>
            {
                bus.AddConsumer<ImageDigestChangedConsumer>(typeof(ImageDigestChangedConsumerDefinition));
                bus.AddConsumer<PromoteDigestConsumer>();
                bus.AddConsumer<RollBackDeploymentConsumer>();
                if (builder.Configuration.HasNotifyReceivers())
                {
                    bus.AddConsumer<NotifyTeamConsumer>();
                }
            },
            DeployerOptions.QueuePrefix(builder.Configuration[$"{DeployerOptions.Section}:{nameof(DeployerOptions.Environment)}"]));

        builder.Services.AddImageCatalog();
        builder.Services.AddPlatformRegistry(builder.Configuration);
        builder.Services.AddRollouts();
        builder.Services.AddPromotions();
        builder.Services.AddNotifications();
        builder.AddDeploymentTarget();
        return builder;
    }

    /// <summary>The health endpoints and the deployer's HTTP API (promotions, rollbacks, runs now: the API token from outside this machine).</summary>
    public static WebApplication MapDeployer(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        var api = app.MapApi();
        api.MapDeploymentEndpoints();
        api.MapJobEndpoints();
        api.MapEnvironmentEndpoints();
        api.MapLedgerEndpoints();
        api.MapPromotionEndpoints();
        return app;
    }
}

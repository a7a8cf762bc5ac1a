using Platform.AppHost;
using Platform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var settings = PlatformSettings.Read(builder.Configuration, builder.AppHostDirectory);

var messaging = builder.AddMessaging("messaging", settings);
var registry = builder.AddImageRegistry("registry", settings);
var infrastructure = new PlatformInfrastructure(
    messaging,
    registry,
    builder.AddWebhookSecret("registry-webhook-secret"),
    builder.AddApiToken(),
    builder.AddRepositoryPassword(settings),
    builder.AddNotificationSettings());

// The services (PlatformServices.cs): builder -> registry-watcher -> deployer, and the console; as processes of their projects
// (Platform:Services=projects, the default), or as containers of Platform's own images with the Kubernetes export's settings
// (Platform:Services=containers, the cluster rehearsal: docs/upgrades.md).
if (settings.Services == ServicesMode.Containers && builder.ExecutionContext.IsRunMode)
{
    builder.AddPlatformServices(settings, infrastructure, new ServiceContainers(builder, settings));
}
else
{
    builder.AddPlatformServices(settings, infrastructure, new ServiceProjects(builder));
}

builder.WriteEndpointsFile(settings);

builder.Build().Run();

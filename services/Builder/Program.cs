using Platform.Builder.Building;
using Platform.Builder.Catalogue;
using Platform.Builder.Coordinator;
using Platform.Builder.Coordinator.Commits;
using Platform.Builder.Coordinator.Statuses;
using Platform.Builder.Coordinator.Upstream;
using Platform.Builder.Coordinator.Webhooks;
using Platform.Builder.History;
using Platform.Builder.Workers;
using Platform.Catalog;
using Platform.Engine;
using Platform.Registry;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// Every instance builds; the coordinator (one per repository) also follows the commits and plans them.
var coordinator = builder.Configuration.GetValue<bool?>("Builder:Coordinator") ?? true;
builder.AddPlatformMessaging(bus =>
{
    bus.AddConsumer<BuildImageConsumer>(typeof(BuildImageConsumerDefinition));
    if (coordinator)
    {
        bus.AddConsumer<BuildResultsConsumer>(typeof(BuildResultsConsumerDefinition));
        bus.AddConsumer<UpstreamBaseConsumer>();
        bus.AddCommitStatuses(builder.Configuration);
    }
});

builder.Services.AddImageCatalog();
builder.Services.AddDockerEngine();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddBuilding();
if (coordinator)
{
    builder.Services.AddCommitWatching();
    builder.Services.AddPushWebhooks();
}

var app = builder.Build();

app.MapDefaultEndpoints();
if (coordinator)
{
    app.MapCommitEndpoints();
    app.MapPushWebhooks();
}

app.MapBuildHistory();
app.MapCatalogue();
app.MapBuildLogStream();

app.Run();

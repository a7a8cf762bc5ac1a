using Platform.Builder;
using Platform.Builder.Catalogue;
using Platform.Builder.Coordinator;
using Platform.Builder.History;
using Platform.Builder.Workers;
using Platform.Catalog;
using Platform.Registry;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Access;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging();
builder.Services.AddImageCatalog();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.AddBuilderState();
// Every instance builds; the coordinator (Builder:Coordinator, one per repository) also follows the commits and plans them.
builder.AddBuildWorker();
builder.AddBuildCoordinator();

var app = builder.Build();

app.MapDefaultEndpoints();
// The API: reading is open; cancel, check and replan need the API token from outside this machine (ApiAccess).
var api = app.MapApi();
api.MapBuildHistory();
api.MapCatalogue();
api.MapBuildLogStream();
app.MapBuildCoordinator(api);

app.Run();

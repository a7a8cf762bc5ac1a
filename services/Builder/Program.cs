using Platform.Builder.Building;
using Platform.Builder.Commits;
using Platform.Builder.History;
using Platform.Catalog;
using Platform.Engine;
using Platform.Registry;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging();

builder.Services.AddImageCatalog();
builder.Services.AddDockerEngine();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddBuilding();
builder.Services.AddCommitWatching();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCommitEndpoints();
app.MapBuildHistory();

app.Run();

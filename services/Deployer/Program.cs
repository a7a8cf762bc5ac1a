using Platform.Catalog;
using Platform.Deployer.Rollouts;
using Platform.Engine;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging(bus => bus.AddConsumer<ImageDigestChangedConsumer>());

builder.Services.AddImageCatalog();
builder.Services.AddDockerEngine();
builder.Services.AddRollouts();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDeploymentEndpoints();

app.Run();

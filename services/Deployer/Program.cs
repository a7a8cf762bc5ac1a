using Platform.Catalog;
using Platform.Deployer.Jobs;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Registry;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging(bus => bus.AddConsumer<ImageDigestChangedConsumer>(typeof(ImageDigestChangedConsumerDefinition)));

builder.Services.AddImageCatalog();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddRollouts();
builder.AddDeploymentTarget();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDeploymentEndpoints();
app.MapJobEndpoints();
app.MapEnvironmentEndpoints();

app.Run();

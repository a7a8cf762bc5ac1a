using Platform.Catalog;
using Platform.Deployer;
using Platform.Deployer.Jobs;
using Platform.Deployer.Ledger;
using Platform.Deployer.Promotions;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Registry;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging(
    bus =>
    {
        bus.AddConsumer<ImageDigestChangedConsumer>(typeof(ImageDigestChangedConsumerDefinition));
        bus.AddConsumer<PromoteDigestConsumer>();
        bus.AddConsumer<RollBackDeploymentConsumer>();
    },
    DeployerOptions.QueuePrefix(builder.Configuration[$"{DeployerOptions.Section}:{nameof(DeployerOptions.Environment)}"]));

builder.Services.AddImageCatalog();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddRollouts();
builder.Services.AddPromotions();
builder.AddDeploymentTarget();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDeploymentEndpoints();
app.MapJobEndpoints();
app.MapEnvironmentEndpoints();
app.MapLedgerEndpoints();
app.MapPromotionEndpoints();

app.Run();

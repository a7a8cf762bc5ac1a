using Platform.Catalog;
using Platform.Registry;
using Platform.RegistryWatcher.Hints;
using Platform.RegistryWatcher.Watches;
using Platform.RegistryWatcher.Webhooks;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Access;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging(bus =>
{
    bus.AddConsumer<ImagePushedConsumer>();
    bus.AddConsumer<AnnouncementLogConsumer>(typeof(AnnouncementLogConsumerDefinition));
});

builder.Services.AddImageCatalog();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddWatching();
builder.Services.AddWebhooks();

var app = builder.Build();

app.UseRateLimiter();
app.MapDefaultEndpoints();
// The API (reading only today; what changes state will need the API token from outside this machine) and the registries' signed webhooks.
app.MapApi().MapWatchEndpoints();
app.MapWebhookEndpoints();

app.Run();

using Platform.Catalog;
using Platform.Registry;
using Platform.RegistryWatcher.Hints;
using Platform.RegistryWatcher.Watches;
using Platform.RegistryWatcher.Webhooks;
using Platform.ServiceDefaults;
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
app.MapWatchEndpoints();
app.MapWebhookEndpoints();

app.Run();

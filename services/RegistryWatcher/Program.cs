using Platform.Catalog;
using Platform.Registry;
using Platform.RegistryWatcher.Hints;
using Platform.RegistryWatcher.Watches;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformMessaging(bus => bus.AddConsumer<ImagePushedConsumer>());

builder.Services.AddImageCatalog();
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddWatching();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWatchEndpoints();

app.Run();

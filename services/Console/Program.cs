using Platform.Console.Access;
using Platform.Console.Apis;
using Platform.Console.Components;
using Platform.Console.Live;
using Platform.Console.Views;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

// The AppHost runs the console without a launch profile (Production): the framework's scripts (_framework/blazor.web.js)
// come from the build's static web assets manifest all the same; a published console has them in wwwroot.
builder.WebHost.UseStaticWebAssets();
builder.AddServiceDefaults();
builder.AddPlatformMessaging(bus => bus.AddLiveEvents());

builder.Services.AddPlatformApis(builder.Configuration);
builder.Services.AddLiveFeed();
builder.AddConsoleAccess();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseConsoleAccess();
app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapImageGraph();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .RequireAuthorization(ConsoleAccess.ReaderPolicy);

app.Run();

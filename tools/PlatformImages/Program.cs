using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Builder.Workers.Building;
using Platform.Builder.Workers.Publishing;
using Platform.Engine;
using Platform.PlatformImages;
using Platform.Registry;

PublishRequest request;
try
{
    request = PublishRequest.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"[platform-images] error: {e.Message}");
    Console.Error.WriteLine(PublishRequest.Usage);
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Plain http for a registry on loopback (the beta environment's), https for any other, as the registry client insists.
var scheme = RegistryEndpoints.IsLoopback(request.Registry) ? "http" : "https";
builder.Configuration[$"ConnectionStrings:{PlatformRegistry.ConnectionName}"] = $"{scheme}://{request.Registry}";
builder.Services.AddPlatformRegistry(builder.Configuration);
builder.Services.AddDockerEngine();
builder.Services.AddSingleton<TransientRetry>();
builder.Services.AddSingleton<IndexPublisher>();
builder.Services.AddSingleton<OwnImagesPublisher>();
using var host = builder.Build();

using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(30));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
try
{
    var published = await host.Services.GetRequiredService<OwnImagesPublisher>().PublishAsync(request, stopping.Token);
    await File.WriteAllTextAsync(request.Output, ImagesFile.Write(request.Tag, published) + "\n", stopping.Token);
    return 0;
}
catch (Exception e) when (e is BuildFailure or RegistryException or EngineException or OperationCanceledException)
{
    Console.Error.WriteLine($"[platform-images] error: {e.Message}");
    return 1;
}

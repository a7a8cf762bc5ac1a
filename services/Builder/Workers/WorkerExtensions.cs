using MassTransit.Configuration;
using Platform.Builder.Workers.Building;
using Platform.Builder.Workers.Publishing;
using Platform.Engine;

namespace Platform.Builder.Workers;

public static class WorkerExtensions
{
    /// <summary>
    /// The worker every builder instance is: it takes <c>BuildImage</c> from the queue the instances share, builds each
    /// platform on this machine's engine, verifies and tests it, and publishes one index per tag.
    /// </summary>
    public static IHostApplicationBuilder AddBuildWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.RegisterConsumer<BuildImageConsumer, BuildImageConsumerDefinition>();
        builder.Services.AddDockerEngine();
        builder.Services.AddSingleton<RunningBuilds>();
        builder.Services.AddSingleton<WorkerCatalog>();
        builder.Services.AddScoped<ImageBuildWorker>();
        builder.Services.AddSingleton<ImageBuilder>();
        builder.Services.AddSingleton<UpstreamResolver>();
        builder.Services.AddSingleton<PlatformBuilder>();
        builder.Services.AddSingleton<ImageTestRunner>();
        builder.Services.AddSingleton<IndexPublisher>();
        builder.Services.AddSingleton<TransientRetry>();
        return builder;
    }
}

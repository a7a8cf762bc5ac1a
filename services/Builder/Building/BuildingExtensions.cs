using Platform.Builder.Coordinator;
using Platform.Builder.Coordinator.Planning;
using Platform.Builder.History;
using Platform.Builder.Workers.Building;
using Platform.Builder.Workers.Publishing;

namespace Platform.Builder.Building;

public static class BuildingExtensions
{
    public static IServiceCollection AddBuilding(this IServiceCollection services)
    {
        services.AddOptions<BuilderOptions>()
            .BindConfiguration(BuilderOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BuilderStore>();
        services.AddSingleton<BuildHistory>();
        services.AddSingleton<Leases.BuildLeases>();
        services.AddSingleton<Leases.BuildLedger>();
        services.AddSingleton<CommitPlanner>();
        services.AddSingleton<CatalogProblemReporter>();
        services.AddSingleton<RevisionTagger>();
        services.AddSingleton<ImageBuilder>();
        services.AddSingleton<PlatformBuilder>();
        services.AddSingleton<ImageTestRunner>();
        services.AddSingleton<IndexPublisher>();
        services.AddSingleton<TransientRetry>();
        services.AddSingleton<Logs.BuildLogStore>();
        services.AddSingleton<Workers.RunningBuilds>();
        services.AddSingleton<Workers.WorkerCatalog>();
        services.AddScoped<Workers.ImageBuildWorker>();
        services.AddSingleton<UpstreamResolver>();
        services.AddSingleton<BuildCycle>();
        return services;
    }
}

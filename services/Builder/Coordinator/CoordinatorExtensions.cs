using MassTransit.Configuration;
using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Commits;
using Platform.Builder.Coordinator.Planning;
using Platform.Builder.Coordinator.Statuses;
using Platform.Builder.Coordinator.Upstream;
using Platform.Builder.Coordinator.Webhooks;

namespace Platform.Builder.Coordinator;

public static class CoordinatorExtensions
{
    /// <summary>
    /// The coordinator, on the instance whose <see cref="BuilderOptions.Coordinator"/> is true (the default; one per
    /// repository): it follows the repository (polls, checks on request, push webhooks), plans each commit, hands the
    /// builds out wave by wave, records the answers, rebuilds on a new upstream base and reports commit statuses.
    /// </summary>
    public static IHostApplicationBuilder AddBuildCoordinator(this IHostApplicationBuilder builder)
    {
        if (!builder.ReadBuilderOptions().Coordinator)
        {
            return builder;
        }

        var services = builder.Services;
        services.RegisterConsumer<BuildResultsConsumer, BuildResultsConsumerDefinition>();
        services.RegisterConsumer<UpstreamBaseConsumer>();
        services.AddSingleton<CommitPlanner>();
        services.AddHostedService<PlannerWarmUp>();
        // The planner's catalogue index outlives a restart, beside the build history (Builder:DataDirectory).
        services.AddSingleton(provider => new Platform.Catalog.Index.CatalogIndexStore(
            Path.Combine(provider.GetRequiredService<IOptions<BuilderOptions>>().Value.DataDirectory, "catalog-index"),
            provider.GetRequiredService<ILogger<Platform.Catalog.Index.CatalogIndexStore>>()));
        services.AddSingleton<CatalogProblemReporter>();
        services.AddSingleton<RevisionTagger>();
        services.AddSingleton<BuildCycle>();
        services.AddCommitWatching();
        services.AddPushWebhooks();
        services.AddCommitStatuses(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The coordinator's endpoints, none on an instance that only builds: <c>POST /api/commits/check</c> and <c>/replan</c> in the
    /// <paramref name="api"/> group (the API token from outside this machine), the push webhooks beside it (each checks its sender's signature).
    /// </summary>
    public static WebApplication MapBuildCoordinator(this WebApplication app, IEndpointRouteBuilder api)
    {
        if (app.Services.GetRequiredService<IOptions<BuilderOptions>>().Value.Coordinator)
        {
            api.MapCommitEndpoints();
            app.MapPushWebhooks();
        }

        return app;
    }
}

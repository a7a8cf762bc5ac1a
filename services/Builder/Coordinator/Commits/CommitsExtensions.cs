using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Webhooks;
using Platform.Catalog;

namespace Platform.Builder.Coordinator.Commits;

public static class CommitsExtensions
{
    public static IServiceCollection AddCommitWatching(this IServiceCollection services)
    {
        services.AddSingleton<CommitTrigger>();
        services.AddSingleton<CommitStatus>();
        services.AddHostedService<CommitPoller>();

        // A remote is asked over the network: poll it less often unless Builder:PollInterval says otherwise.
        services.AddOptions<BuilderOptions>().PostConfigure<IConfiguration, IOptions<CatalogOptions>>((options, configuration, catalog) =>
        {
            if (configuration[$"{BuilderOptions.Section}:{nameof(BuilderOptions.PollInterval)}"] is null
                && FollowedRepository.IsRemote(catalog.Value.Repository))
            {
                options.PollInterval = BuilderOptions.RemotePollInterval;
            }
        });
        return services;
    }
}

using MassTransit.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

public static class CommitStatusesExtensions
{
    /// <summary>
    /// Commit statuses on the coordinator (section <c>CommitStatuses</c>): the settings, checked at start; and,
    /// when a provider is named, the consumer of the build events, the plan's pending statuses, the queue and
    /// its sender with the provider's client. Part of the coordinator (<see cref="CoordinatorExtensions.AddBuildCoordinator"/>).
    /// </summary>
    public static IServiceCollection AddCommitStatuses(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommitStatusOptions>().BindConfiguration(CommitStatusOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommitStatusOptions>, CommitStatusOptionsValidator>());
        var settings = configuration.GetSection(CommitStatusOptions.Section).Get<CommitStatusOptions>() ?? new CommitStatusOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.RegisterConsumer<CommitStatusConsumer, CommitStatusConsumerDefinition>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CommitStatusQueue>();
        services.AddSingleton<BuildLinks>();
        services.AddSingleton<IPlanObserver, PlanStatuses>();
        var client = settings.Kind switch
        {
            CommitStatusProvider.GitHub => services.AddHttpClient<ForgeStatusClient, GitHubStatusClient>(),
            CommitStatusProvider.GitLab => services.AddHttpClient<ForgeStatusClient, GitLabStatusClient>(),
            _ => services.AddHttpClient<ForgeStatusClient, GiteaStatusClient>(),
        };
        // The sender retries with its own backoff and logs each trouble once; the defaults' retries and circuit breaker would do neither.
#pragma warning disable EXTEXP0001
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.ConfigureHttpClient((services, http) =>
            http.Timeout = services.GetRequiredService<IOptions<CommitStatusOptions>>().Value.Timeout + TimeSpan.FromSeconds(5));
        services.AddHostedService<CommitStatusSender>();
        return services;
    }
}

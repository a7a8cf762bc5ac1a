using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator;

namespace Platform.Builder.Coordinator.Statuses;

public static class CommitStatusesExtensions
{
    /// <summary>
    /// Commit statuses on the coordinator (section <c>CommitStatuses</c>): the settings, checked at start; and,
    /// when a provider is named, the consumer of the build events, the plan's pending statuses, the queue and
    /// its sender with the provider's client. Called where the coordinator's consumers are registered.
    /// </summary>
    public static IBusRegistrationConfigurator AddCommitStatuses(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        bus.AddOptions<CommitStatusOptions>().BindConfiguration(CommitStatusOptions.Section).ValidateOnStart();
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommitStatusOptions>, CommitStatusOptionsValidator>());
        var settings = configuration.GetSection(CommitStatusOptions.Section).Get<CommitStatusOptions>() ?? new CommitStatusOptions();
        if (!settings.Enabled)
        {
            return bus;
        }

        bus.AddConsumer<CommitStatusConsumer>(typeof(CommitStatusConsumerDefinition));
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<CommitStatusQueue>();
        bus.AddSingleton<BuildLinks>();
        bus.AddSingleton<IPlanObserver, PlanStatuses>();
        var client = settings.Kind switch
        {
            CommitStatusProvider.GitHub => bus.AddHttpClient<ForgeStatusClient, GitHubStatusClient>(),
            CommitStatusProvider.GitLab => bus.AddHttpClient<ForgeStatusClient, GitLabStatusClient>(),
            _ => bus.AddHttpClient<ForgeStatusClient, GiteaStatusClient>(),
        };
        // The sender retries with its own backoff and logs each trouble once; the defaults' retries and circuit breaker would do neither.
#pragma warning disable EXTEXP0001
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.ConfigureHttpClient((services, http) =>
            http.Timeout = services.GetRequiredService<IOptions<CommitStatusOptions>>().Value.Timeout + TimeSpan.FromSeconds(5));
        bus.AddHostedService<CommitStatusSender>();
        return bus;
    }
}

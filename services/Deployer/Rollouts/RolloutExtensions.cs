using MassTransit;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Rollouts;

public static class RolloutExtensions
{
    public static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The deployer's validated options, the environment spec, the rollout of services and the image updates of jobs.</summary>
    public static IServiceCollection AddRollouts(this IServiceCollection services)
    {
        services.AddOptions<DeployerOptions>()
            .BindConfiguration(DeployerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EnvironmentSource>();
        services.AddSingleton<DeploymentHistory>();
        services.AddSingleton<RolloutRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutRecovery>());
        services.AddSingleton<ServiceRollout>();

        // At shutdown a rollout in progress is cancelled within a second or two (not after the bus's 30 s stop
        // timeout), so that it removes its new version, records itself interrupted and gives its message back.
        services.Configure<MassTransitHostOptions>(host => host.ConsumerStopTimeout = ConsumerStopTimeout);
        services.AddSingleton<JobImageUpdate>();
        return services;
    }
}

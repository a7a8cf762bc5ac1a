using Platform.Deployer.Specs;

namespace Platform.Deployer.Rollouts;

public static class RolloutExtensions
{
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
        services.AddSingleton<ServiceRollout>();
        services.AddSingleton<JobImageUpdate>();
        return services;
    }
}

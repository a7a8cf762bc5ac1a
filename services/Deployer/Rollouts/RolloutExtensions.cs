using Platform.Deployer.Targets;

namespace Platform.Deployer.Rollouts;

public static class RolloutExtensions
{
    public static IServiceCollection AddRollouts(this IServiceCollection services)
    {
        services.AddOptions<DeployerOptions>()
            .BindConfiguration(DeployerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<DockerServiceTarget>();
        services.AddSingleton<DeploymentHistory>();
        services.AddSingleton<ServiceRollout>();
        return services;
    }
}

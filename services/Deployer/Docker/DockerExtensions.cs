using Platform.Deployer.Jobs;
using Platform.Deployer.Targets;
using Platform.Engine;

namespace Platform.Deployer.Docker;

public static class DockerExtensions
{
    /// <summary>
    /// The Docker engine as the target: services as containers (health probes, image pulls), and jobs run by the
    /// deployer's own scheduler, each run recorded in the job history.
    /// </summary>
    public static IServiceCollection AddDockerTarget(this IServiceCollection services)
    {
        services.AddDockerEngine();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<ImagePuller>();
        services.AddSingleton<IServiceTarget, DockerServiceTarget>();
        services.AddSingleton<JobRunHistory>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<DockerJobRunner>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        services.AddSingleton<IJobTarget, DockerJobTarget>();
        return services;
    }
}

using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Platform.Engine;

public static class EngineExtensions
{
    /// <summary>A client of the Docker engine named by <c>Docker:Endpoint</c>, and a health check that pings it.</summary>
    public static IServiceCollection AddDockerEngine(this IServiceCollection services)
    {
        services.AddOptions<EngineOptions>()
            .BindConfiguration(EngineOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _),
                "Docker:Endpoint must be an absolute URI such as unix:///var/run/docker.sock or tcp://127.0.0.1:2375.")
            .ValidateOnStart();
        services.AddSingleton<IDockerClient>(sp =>
            new DockerClientConfiguration(new Uri(sp.GetRequiredService<IOptions<EngineOptions>>().Value.Endpoint)).CreateClient());
        services.AddSingleton<RegistryCredentials>();
        services.AddHealthChecks().AddCheck<EngineHealthCheck>("docker-engine", tags: ["ready"]);
        return services;
    }
}

internal sealed class EngineHealthCheck(IDockerClient docker, IOptions<EngineOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await docker.System.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the Docker engine at {options.Value.Endpoint} does not answer: {e.Message}");
        }
    }
}

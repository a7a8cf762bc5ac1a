using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Catalog.Yaml;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Docker;

/// <summary>Waits until new containers are healthy, by HTTP or by the image's HEALTHCHECK, and fails at once when one exits.</summary>
public sealed class ContainerHealth(IDockerClient docker, HealthProbe probe, TimeProvider time, TimeSpan interval)
{
    public async Task WaitAsync(ServiceDeployment service, IReadOnlyList<string> containers, IReadOnlyList<string> endpoints, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + service.Health.Timeout;
        for (var i = 0; i < containers.Count; i++)
        {
            string? problem = null;
            do
            {
                var inspect = await docker.Containers.InspectContainerAsync(containers[i], cancellationToken);
                await ThrowIfExitedAsync(service, inspect, cancellationToken);
                if (service.Health.HttpPath is { } path)
                {
                    var found = await probe.CheckAsync(new Uri(endpoints[i] + path), deadline - time.GetUtcNow(), cancellationToken);
                    // A last probe that only ran out of the rollout's time must not hide what the service last answered.
                    problem = found is { CutByDeadline: true } && problem is not null ? problem : found?.Text;
                }
                else
                {
                    problem = await ImageHealthAsync(service, inspect, cancellationToken);
                }

                if (problem is null)
                {
                    break;
                }

                await Task.Delay(interval, time, cancellationToken);
            }
            while (time.GetUtcNow() < deadline);

            if (problem is not null)
            {
                throw new DeploymentException(
                    $"{service.Name}: the new container was not healthy within {Durations.Format(service.Health.Timeout)} (last: {problem})",
                    await ContainerLogs.TailAsync(docker, containers[i], 30, cancellationToken));
            }
        }
    }

    /// <summary>A container that exited, or that the engine restarts, will not get healthy: say so with its exit code.</summary>
    public async Task ThrowIfExitedAsync(ServiceDeployment service, ContainerInspectResponse inspect, CancellationToken cancellationToken)
    {
        var state = inspect.State;
        if (state.Restarting || inspect.RestartCount > 0 || (!state.Running && state.Status is "exited" or "dead"))
        {
            throw new DeploymentException(
                $"{service.Name}: the new container exited with code {state.ExitCode} before it was healthy",
                await ContainerLogs.TailAsync(docker, inspect.ID, 30, cancellationToken));
        }
    }

    private async Task<string?> ImageHealthAsync(ServiceDeployment service, ContainerInspectResponse inspect, CancellationToken cancellationToken)
    {
        switch (inspect.State.Health?.Status)
        {
            case "healthy":
                return null;
            case "unhealthy":
                var last = inspect.State.Health.Log?.LastOrDefault()?.Output?.Trim();
                throw new DeploymentException(
                    $"{service.Name}: the image's HEALTHCHECK reports the new container unhealthy (last check: {last})",
                    await ContainerLogs.TailAsync(docker, inspect.ID, 30, cancellationToken));
            case null or "" or "none":
                throw new DeploymentException(
                    $"{service.Name}: health.fromImage is set but the image has no HEALTHCHECK; add one to its Dockerfile or use health.http", []);
            default:
                return $"the image's HEALTHCHECK says {inspect.State.Health.Status}";
        }
    }
}

using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Catalog.Specs;
using Platform.Engine;

namespace Platform.Deployer.Targets;

/// <summary>
/// The local beta target: a long-running service is a container on the Docker engine. A rollout
/// starts the new digest beside the old container, waits until it is healthy, then retires the old
/// one; if the new one never gets healthy it is removed and the old one keeps serving.
/// </summary>
public sealed class DockerServiceTarget(
    IDockerClient docker,
    HealthProbe probe,
    IOptions<DeployerOptions> options,
    TimeProvider time,
    ILogger<DockerServiceTarget> logger)
{
    public async Task<RunningService> ReplaceAsync(
        ImageSpec image, string registryHost, string digest, Guid correlationId, CancellationToken cancellationToken)
    {
        var service = image.Service ?? throw new ArgumentException($"{image.Name} is not a service", nameof(image));
        var repository = $"{registryHost}/{image.Name}";
        var reference = $"{repository}@{digest}";
        var pullLog = new EngineLog();
        try
        {
            await docker.PullAsync(repository, digest, pullLog, cancellationToken);
        }
        catch (EngineException e)
        {
            throw new DeploymentException($"{image.Name}: the image {reference} could not be pulled: {e.Message}", e.LogTail, e);
        }

        var previous = await ManagedContainersAsync(image.Name, cancellationToken);
        var name = ContainerName(image.Name, digest);
        foreach (var leftover in previous.Where(c => c.Names.Contains("/" + name)))
        {
            // A container of this very digest from an earlier, interrupted rollout.
            await RemoveAsync(leftover.ID, cancellationToken);
        }

        var port = $"{service.Port}/tcp";
        var created = await CreateAsync(image.Name, name, new CreateContainerParameters
        {
            Name = name,
            Image = reference,
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.Managed] = "true",
                [ContainerLabels.Environment] = options.Value.Environment,
                [ContainerLabels.Service] = image.Name,
                [ContainerLabels.Image] = repository,
                [ContainerLabels.Digest] = digest,
                [ContainerLabels.Correlation] = correlationId.ToString(),
            },
            ExposedPorts = new Dictionary<string, EmptyStruct> { [port] = default },
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    [port] = [new PortBinding { HostIP = options.Value.PublishAddress, HostPort = "" }],
                },
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            },
        }, cancellationToken);

        string endpoint;
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            endpoint = await PublishedEndpointAsync(image.Name, created.ID, port, cancellationToken);
            await WaitUntilHealthyAsync(image.Name, created.ID, new Uri(endpoint + service.HealthPath), cancellationToken);
        }
        catch (Exception e)
        {
            // Cancelled too: a new container left beside the old one would pass for the running digest next time.
            var tail = e is DockerApiException ? await LogTailAsync(created.ID, CancellationToken.None) : [];
            await RemoveAsync(created.ID, CancellationToken.None);
            if (e is DockerApiException refused)
            {
                throw new DeploymentException($"{image.Name}: the engine refused the new container: {ImageTransfers.Message(refused)}", tail, e);
            }

            throw;
        }

        // The new container is healthy: from here on a failure must not take it down; the next rollout retires what is left.
        foreach (var old in previous.Where(c => c.ID != created.ID && !c.Names.Contains("/" + name)))
        {
            logger.LogInformation("Retiring {Service} container {Container} ({Digest})", image.Name, old.Names.FirstOrDefault(), DigestOf(old));
            await RemoveAsync(old.ID, cancellationToken);
        }

        return new RunningService(created.ID, endpoint);
    }

    /// <summary>The digest the service's current container runs, if it has one that is running.</summary>
    public async Task<string?> RunningDigestAsync(string service, CancellationToken cancellationToken)
    {
        var containers = await ManagedContainersAsync(service, cancellationToken);
        return containers.Where(c => c.State == "running").Select(c => DigestOf(c)).FirstOrDefault();
    }

    /// <summary>Creates the new container; a refusal (its name taken by a container not ours, say) fails the rollout like any other.</summary>
    private async Task<CreateContainerResponse> CreateAsync(string service, string name, CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.CreateContainerAsync(parameters, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new DeploymentException($"{service}: the engine refused to create the container {name}: {ImageTransfers.Message(e)}", [], e);
        }
    }

    private async Task WaitUntilHealthyAsync(string service, string containerId, Uri health, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.HealthTimeout;
        string? problem;
        do
        {
            await ThrowIfExitedAsync(service, await docker.Containers.InspectContainerAsync(containerId, cancellationToken), cancellationToken);
            problem = await probe.CheckAsync(health, cancellationToken);
            if (problem is null)
            {
                return;
            }

            await Task.Delay(options.Value.HealthInterval, time, cancellationToken);
        }
        while (time.GetUtcNow() < deadline);

        throw new DeploymentException(
            $"{service}: the new container was not healthy within {options.Value.HealthTimeout.TotalSeconds:F0} s (last: {problem})",
            await LogTailAsync(containerId, cancellationToken));
    }

    private async Task<string> PublishedEndpointAsync(string service, string containerId, string port, CancellationToken cancellationToken)
    {
        var inspect = await docker.Containers.InspectContainerAsync(containerId, cancellationToken);

        // A container that exited at once has no published ports any more: say that it exited.
        await ThrowIfExitedAsync(service, inspect, cancellationToken);
        var ports = inspect.NetworkSettings?.Ports;
        var binding = (ports is not null && ports.TryGetValue(port, out var bindings) ? bindings?.FirstOrDefault() : null)
            ?? throw new DeploymentException($"{service}: the engine published no host port for {port} of container {containerId[..12]}", []);
        return $"http://{options.Value.PublishAddress}:{binding.HostPort}";
    }

    private async Task ThrowIfExitedAsync(string service, ContainerInspectResponse inspect, CancellationToken cancellationToken)
    {
        var state = inspect.State;
        if (state.Restarting || inspect.RestartCount > 0 || (!state.Running && state.Status is "exited" or "dead"))
        {
            throw new DeploymentException(
                $"{service}: the new container exited with code {state.ExitCode} before it was healthy",
                await LogTailAsync(inspect.ID, cancellationToken));
        }
    }

    private async Task<IList<ContainerListResponse>> ManagedContainersAsync(string service, CancellationToken cancellationToken) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool>
                {
                    [$"{ContainerLabels.Managed}=true"] = true,
                    [$"{ContainerLabels.Environment}={options.Value.Environment}"] = true,
                    [$"{ContainerLabels.Service}={service}"] = true,
                },
            },
        }, cancellationToken);

    private async Task<IReadOnlyList<string>> LogTailAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(containerId, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "30" }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (DockerApiException)
        {
            return [];
        }
    }

    private async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StopContainerAsync(containerId, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken);
            await docker.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    private static string? DigestOf(ContainerListResponse container) =>
        container.Labels.TryGetValue(ContainerLabels.Digest, out var digest) ? digest : null;

    private string ContainerName(string service, string digest) =>
        $"{options.Value.Environment}-{service.Replace('/', '-')}-{digest[(digest.IndexOf(':') + 1)..][..12]}";
}

using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Engine;

namespace Platform.Deployer.Docker;

/// <summary>The engine operations on one environment's service containers; only containers with its labels are ever listed.</summary>
public sealed class ServiceContainers(IDockerClient docker, DeployerOptions options)
{
    /// <summary>Every container of the service, newest first, stopped ones and candidates too.</summary>
    public async Task<IList<ContainerListResponse>> ListAsync(string service, CancellationToken cancellationToken) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool>
                {
                    [$"{ContainerLabels.Managed}=true"] = true,
                    [$"{ContainerLabels.Environment}={options.Environment}"] = true,
                    [$"{ContainerLabels.Service}={service}"] = true,
                },
            },
        }, cancellationToken);

    /// <summary>Creates the candidate container of one replica; a refusal fails the rollout like any other.</summary>
    public async Task<string> CreateAsync(ServiceDeployment service, string repository, string digest, int replica, Guid correlationId, CancellationToken cancellationToken)
    {
        var name = ContainerNames.Candidate(options.Environment, service.Name, digest, replica);
        var port = $"{service.Port}/tcp";
        try
        {
            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = $"{repository}@{digest}",
                Env = [.. service.Environment.Select(v => $"{v.Key}={v.Value}")],
                Labels = new Dictionary<string, string>
                {
                    [ContainerLabels.Managed] = "true",
                    [ContainerLabels.Environment] = options.Environment,
                    [ContainerLabels.Service] = service.Name,
                    [ContainerLabels.Image] = repository,
                    [ContainerLabels.Digest] = digest,
                    [ContainerLabels.Correlation] = correlationId.ToString(),
                },
                ExposedPorts = new Dictionary<string, EmptyStruct> { [port] = default },
                HostConfig = new HostConfig
                {
                    PortBindings = new Dictionary<string, IList<PortBinding>>
                    {
                        [port] = [new PortBinding { HostIP = options.PublishAddress, HostPort = service.HostPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" }],
                    },

                    // A candidate must not come back by itself after an engine restart: only a healthy one is kept running.
                    RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                },
            }, cancellationToken);
            return created.ID;
        }
        catch (DockerApiException e)
        {
            throw new DeploymentException($"{service.Name}: the engine refused to create the container {name}: {ImageTransfers.Message(e)}", [], e);
        }
    }

    public async Task StartAsync(ServiceDeployment service, string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new DeploymentException($"{service.Name}: the engine refused to start the new container: {ImageTransfers.Message(e)}",
                await ContainerLogs.TailAsync(docker, containerId, 30, CancellationToken.None), e);
        }
    }

    /// <summary>Marks healthy candidates as the serving version: final name, restarted by the engine from now on.</summary>
    public async Task PromoteAsync(ServiceDeployment service, string digest, IReadOnlyList<string> candidates, IEnumerable<ContainerListResponse> stale, CancellationToken cancellationToken)
    {
        for (var replica = 0; replica < candidates.Count; replica++)
        {
            var name = ContainerNames.Final(options.Environment, service.Name, digest, replica);
            foreach (var old in stale.Where(c => ContainerNames.Has(c, name)))
            {
                await RemoveAsync(old.ID, cancellationToken);
            }

            try
            {
                await docker.Containers.RenameContainerAsync(candidates[replica], new ContainerRenameParameters { NewName = name }, cancellationToken);
                await docker.Containers.UpdateContainerAsync(candidates[replica],
                    new ContainerUpdateParameters { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } }, cancellationToken);
            }
            catch (DockerApiException e)
            {
                throw new DeploymentException($"{service.Name}: the healthy container could not be named {name}: {ImageTransfers.Message(e)}", [], e);
            }
        }
    }

    /// <summary>Fails before anything changes when a name the new version needs is held by a container that is not this environment's.</summary>
    public async Task RequireNamesFreeAsync(ServiceDeployment service, string digest, IEnumerable<ContainerListResponse> ours, CancellationToken cancellationToken)
    {
        for (var replica = 0; replica < service.Replicas; replica++)
        {
            foreach (var name in new[] { ContainerNames.Final(options.Environment, service.Name, digest, replica), ContainerNames.Candidate(options.Environment, service.Name, digest, replica) })
            {
                if (ours.Any(c => ContainerNames.Has(c, name)))
                {
                    continue;
                }

                var holders = await docker.Containers.ListContainersAsync(new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [$"^/{name}$"] = true } },
                }, cancellationToken);
                if (holders.Count > 0)
                {
                    throw new DeploymentException(
                        $"{service.Name}: the container name {name} is taken by container {holders[0].ID[..12]}, which is not this deployer's; remove or rename it", []);
                }
            }
        }
    }

    public async Task StopAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StopContainerAsync(containerId, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    public async Task<bool> StartAgainAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken);
            return true;
        }
        catch (DockerApiException)
        {
            return false;
        }
    }

    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
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
}

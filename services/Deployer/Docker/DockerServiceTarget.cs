using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Engine;

namespace Platform.Deployer.Docker;

/// <summary>
/// The local beta target: a service is containers on the Docker engine. A rollout starts the new digest
/// beside the old containers (or, with a fixed host port, in their place after stopping them), waits until
/// it is healthy, then retires the old ones. A new version that never gets healthy is removed and the old
/// one keeps, or gets back, its place.
/// </summary>
public sealed class DockerServiceTarget(
    IDockerClient docker,
    HealthProbe probe,
    ImagePuller puller,
    IOptions<DeployerOptions> options,
    TimeProvider time,
    ILogger<DockerServiceTarget> logger) : IServiceTarget
{
    private readonly ServiceContainers containers = new(docker, options.Value);
    private readonly ContainerHealth health = new(docker, probe, time, options.Value.HealthInterval);

    private async Task PullAsync(ServiceDeployment service, string registry, string repository, string digest, CancellationToken cancellationToken)
    {
        try
        {
            await puller.PullAsync(service.Name, repository, digest, new EngineLog(), cancellationToken);
        }
        catch (EngineException e)
        {
            throw new DeploymentException($"{service.Name}: the image {repository}@{digest} could not be pulled: {e.Message}", e.LogTail, e);
        }
    }

    /// <summary>
    /// Creates a candidate; an image gone between the pull and the create (another process on the engine removed the
    /// last tag of an image the pull had found present: the builder's clean-up of its staging tags does so) is pulled again once.
    /// </summary>
    private async Task<string> CreateAsync(
        ServiceDeployment service, string registry, string repository, string digest, int replica, Guid correlationId, CancellationToken cancellationToken)
    {
        try
        {
            return await containers.CreateAsync(service, repository, digest, replica, correlationId, cancellationToken);
        }
        catch (DeploymentException e) when (ImageTransfers.IsImageMissing(e.InnerException))
        {
            logger.LogWarning("{Service}: {Repository}@{Digest} was removed from the engine after it was pulled; pulling it again", service.Name, repository, digest);
            await PullAsync(service, registry, repository, digest, cancellationToken);
            return await containers.CreateAsync(service, repository, digest, replica, correlationId, cancellationToken);
        }
    }

    public async Task<string?> RunningDigestAsync(ServiceDeployment service, CancellationToken cancellationToken) =>
        Serving(await containers.ListAsync(service.Name, cancellationToken)).Select(ContainerNames.DigestOf).FirstOrDefault();

    public async Task<RunningService> ReplaceAsync(ServiceDeployment service, string registry, string digest, Guid correlationId, CancellationToken cancellationToken)
    {
        var repository = $"{registry}/{service.Image.Repository}";
        await PullAsync(service, registry, repository, digest, cancellationToken);

        var existing = await containers.ListAsync(service.Name, cancellationToken);
        foreach (var leftover in existing.Where(ContainerNames.IsCandidate))
        {
            // A candidate of an earlier rollout that was interrupted before it was healthy.
            await containers.RemoveAsync(leftover.ID, cancellationToken);
        }

        var finals = existing.Where(c => !ContainerNames.IsCandidate(c)).ToList();
        var serving = Serving(finals).ToList();
        await containers.RequireNamesFreeAsync(service, digest, finals, cancellationToken);
        var previousDigest = serving.Select(ContainerNames.DigestOf).FirstOrDefault();
        var stopped = new List<ContainerListResponse>();
        if (service.HostPort is { } hostPort)
        {
            RequirePortFree(service, hostPort, serving);
            stopped.AddRange(serving);
            foreach (var old in stopped)
            {
                logger.LogInformation("Stopping {Service} container {Container} to free host port {Port}", service.Name, ContainerNames.Describe(old), hostPort);
                await containers.StopAsync(old.ID, cancellationToken);
            }
        }

        var created = new List<string>();
        var endpoints = new List<string>();
        try
        {
            for (var replica = 0; replica < service.Replicas; replica++)
            {
                created.Add(await CreateAsync(service, registry, repository, digest, replica, correlationId, cancellationToken));
                await containers.StartAsync(service, created[^1], cancellationToken);
                endpoints.Add(await PublishedEndpointAsync(service, created[^1], cancellationToken));
            }

            await health.WaitAsync(service, created, endpoints, cancellationToken);
            await containers.PromoteAsync(service, digest, created, finals, cancellationToken);
        }
        catch (Exception e)
        {
            // Cancelled too: a candidate left beside the old version would only be removed by the next rollout.
            foreach (var id in created)
            {
                await containers.RemoveAsync(id, CancellationToken.None);
            }

            var restored = await RestoreAsync(service, stopped) ?? (created.Count > 0 && stopped.Count == 0 ? previousDigest : null);
            throw e switch
            {
                DeploymentException failure => failure.WithRestored(restored),
                DockerApiException refused => new DeploymentException($"{service.Name}: the engine failed the rollout: {ImageTransfers.Message(refused)}", [], e)
                {
                    RestoredDigest = restored,
                },
                _ => e,
            };
        }

        // The new version serves: from here on a failure must not take it down; the next rollout retires what is left.
        var warnings = await RetireAsync(service, finals);
        return new RunningService(created[0], endpoints[0]) { PreviousDigest = previousDigest, Warnings = warnings };
    }

    /// <summary>
    /// Removes the candidates an unfinished rollout left, and when no version serves, starts again the newest one
    /// that a fixed host port made stop: the old version serves again until the rollout is redone.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(string service, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var existing = await containers.ListAsync(service, cancellationToken);
        foreach (var candidate in existing.Where(ContainerNames.IsCandidate))
        {
            await containers.RemoveAsync(candidate.ID, cancellationToken);
            done.Add($"removed the candidate container {ContainerNames.Describe(candidate)}");
        }

        var finals = existing.Where(c => !ContainerNames.IsCandidate(c)).ToList();
        if (!Serving(finals).Any() && finals.OrderByDescending(c => c.Created).FirstOrDefault(c => c.State == "exited") is { } stopped
            && await containers.StartAgainAsync(stopped.ID, cancellationToken))
        {
            done.Add($"started the old container {ContainerNames.Describe(stopped)} again");
        }

        return done;
    }

    private static IEnumerable<ContainerListResponse> Serving(IEnumerable<ContainerListResponse> containers) =>
        containers.Where(c => c.State == "running" && !ContainerNames.IsCandidate(c)).OrderByDescending(c => c.Created);

    /// <summary>Old containers that a fixed host port made stop come back; returns their digest when they run again.</summary>
    private async Task<string?> RestoreAsync(ServiceDeployment service, List<ContainerListResponse> stopped)
    {
        var restarted = 0;
        foreach (var old in stopped)
        {
            logger.LogWarning("Rolling {Service} back: starting {Container} again", service.Name, ContainerNames.Describe(old));
            restarted += await containers.StartAgainAsync(old.ID, CancellationToken.None) ? 1 : 0;
        }

        return restarted > 0 ? ContainerNames.DigestOf(stopped[0]) : null;
    }

    private async Task<IReadOnlyList<string>> RetireAsync(ServiceDeployment service, IEnumerable<ContainerListResponse> old)
    {
        var warnings = new List<string>();
        foreach (var container in old)
        {
            logger.LogInformation("Retiring {Service} container {Container}", service.Name, ContainerNames.Describe(container));
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await containers.RemoveAsync(container.ID, timeout.Token);
            }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException or IOException or HttpRequestException)
            {
                var warning = $"{service.Name}: the old container {ContainerNames.Describe(container)} could not be retired: " +
                    (e is DockerApiException api ? ImageTransfers.Message(api) : e.Message);
                logger.LogWarning("{Warning}; the next rollout retires it", warning);
                warnings.Add(warning);
            }
        }

        return warnings;
    }

    /// <summary>A fixed host port held by something other than this service fails the rollout before the old version is stopped.</summary>
    private void RequirePortFree(ServiceDeployment service, int hostPort, IEnumerable<ContainerListResponse> serving)
    {
        if (serving.Any(c => c.Ports?.Any(p => p.PublicPort == hostPort) == true))
        {
            return;
        }

        try
        {
            using var listener = new TcpListener(IPAddress.Parse(options.Value.PublishAddress), hostPort);
            listener.Start();
        }
        catch (SocketException e)
        {
            throw new DeploymentException(
                $"{service.Name}: host port {options.Value.PublishAddress}:{hostPort} is already in use by another process ({e.SocketErrorCode}); free it or choose another hostPort", []);
        }
    }

    private async Task<string> PublishedEndpointAsync(ServiceDeployment service, string containerId, CancellationToken cancellationToken)
    {
        var inspect = await docker.Containers.InspectContainerAsync(containerId, cancellationToken);

        // A container that exited at once has no published ports any more: say that it exited.
        await health.ThrowIfExitedAsync(service, inspect, cancellationToken);
        var port = $"{service.Port}/tcp";
        var ports = inspect.NetworkSettings?.Ports;
        var binding = (ports is not null && ports.TryGetValue(port, out var bindings) ? bindings?.FirstOrDefault() : null)
            ?? throw new DeploymentException($"{service.Name}: the engine published no host port for {port} of container {containerId[..12]}", []);
        return $"http://{options.Value.PublishAddress}:{binding.HostPort}";
    }
}

using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Platform.Catalog.Yaml;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Kubernetes;

/// <summary>
/// A service is a Deployment: a rollout patches its container's image to <c>repository@digest</c> and follows
/// the rollout (observed generation, updated and available replicas, the progress deadline). A rollout that
/// fails or takes longer than <c>Deployer:Kubernetes:RolloutTimeout</c> is rolled back to the previous image,
/// instead of being retried forever as a plain Deployment would.
/// </summary>
public sealed class KubernetesServiceTarget(
    KubernetesConnection cluster,
    IOptions<KubernetesTargetOptions> options,
    TimeProvider time,
    ILogger<KubernetesServiceTarget> logger) : IServiceTarget
{
    public async Task<string?> RunningDigestAsync(ServiceDeployment service, CancellationToken cancellationToken)
    {
        var deployment = await ReadAsync(service, cancellationToken);
        var image = Container(service, deployment).Image ?? "";
        return image.Contains('@') && RolloutStatus.Of(deployment).State == RolloutState.Complete ? image[(image.IndexOf('@') + 1)..] : null;
    }

    public async Task<RunningService> ReplaceAsync(ServiceDeployment service, string registry, string digest, Guid correlationId, CancellationToken cancellationToken)
    {
        var deployment = await ReadAsync(service, cancellationToken);
        var container = Container(service, deployment).Name;
        var previous = Container(service, deployment).Image;
        var image = $"{registry}/{service.Image.Repository}@{digest}";
        logger.LogInformation("Patching Deployment {Namespace}/{Name} container {Container}: {Previous} -> {Image}",
            cluster.Namespace, service.Kubernetes.Name, container, previous, image);
        await PatchImageAsync(service, container, image, cancellationToken);

        var outcome = await FollowAsync(service, cancellationToken);
        if (outcome.State == RolloutState.Complete)
        {
            return new RunningService($"{cluster.Namespace}/{service.Kubernetes.Name}", $"kubernetes://{cluster.Namespace}/deployments/{service.Kubernetes.Name}")
            {
                PreviousDigest = DigestOf(previous),
            };
        }

        var failed = await ReadAsync(service, CancellationToken.None);
        var (pods, tail) = await PodLogs.OfAsync(cluster.Client, cluster.Namespace, failed, container, image, CancellationToken.None);
        var reason = $"{service.Name}: the rollout of {image} to Deployment {cluster.Namespace}/{service.Kubernetes.Name} failed: {outcome.Message}; {pods}";
        if (previous is null)
        {
            throw new DeploymentException(reason, tail);
        }

        logger.LogWarning("{Reason}; rolling back to {Previous}", reason, previous);
        await PatchImageAsync(service, container, previous, CancellationToken.None);
        var back = await FollowAsync(service, CancellationToken.None);
        if (back.State != RolloutState.Complete)
        {
            throw new DeploymentException($"{reason}; rolling back to {previous} did not complete either: {back.Message}", tail);
        }

        throw new DeploymentException(reason, tail) { RestoredDigest = DigestOf(previous) ?? previous };
    }

    /// <summary>
    /// Nothing to put back: the cluster keeps the old pods until the new ones are ready and carries an unfinished
    /// rollout on by itself; the redo of the interrupted rollout follows it (or rolls it back).
    /// </summary>
    public Task<IReadOnlyList<string>> RecoverAsync(string service, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Reads the Deployment until its rollout completes, fails, or runs out of time.</summary>
    private async Task<RolloutStatus> FollowAsync(ServiceDeployment service, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.RolloutTimeout;
        var status = new RolloutStatus(RolloutState.Waiting, "not read yet");
        while (time.GetUtcNow() < deadline)
        {
            status = RolloutStatus.Of(await ReadAsync(service, cancellationToken));
            if (status.State != RolloutState.Waiting)
            {
                return status;
            }

            await Task.Delay(options.Value.PollInterval, time, cancellationToken);
        }

        return new RolloutStatus(RolloutState.Failed, $"it did not complete within {Durations.Format(options.Value.RolloutTimeout)} (last: {status.Message})");
    }

    private async Task<V1Deployment> ReadAsync(ServiceDeployment service, CancellationToken cancellationToken) =>
        await KubernetesErrors.CallAsync(service.Name, "get", "Deployment", cluster.Namespace, service.Kubernetes.Name,
            () => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(service.Kubernetes.Name, cluster.Namespace, cancellationToken: cancellationToken));

    private async Task PatchImageAsync(ServiceDeployment service, string container, string image, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(new { spec = new { template = new { spec = new { containers = new[] { new { name = container, image } } } } } },
            V1Patch.PatchType.StrategicMergePatch);
        await KubernetesErrors.CallAsync(service.Name, "patch", "Deployment", cluster.Namespace, service.Kubernetes.Name,
            () => cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, service.Kubernetes.Name, cluster.Namespace, cancellationToken: cancellationToken));
    }

    private V1Container Container(ServiceDeployment service, V1Deployment deployment) =>
        KubernetesContainers.Find(service.Name, $"Deployment {cluster.Namespace}/{service.Kubernetes.Name}", service.Kubernetes,
            deployment.Spec?.Template?.Spec?.Containers);

    private static string? DigestOf(string? image) => image is not null && image.Contains('@') ? image[(image.IndexOf('@') + 1)..] : null;
}

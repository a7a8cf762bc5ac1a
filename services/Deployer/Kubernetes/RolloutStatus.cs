using k8s.Models;

namespace Platform.Deployer.Kubernetes;

/// <summary>
/// Where a Deployment's rollout stands, by the rules of <c>kubectl rollout status</c>: the controller must
/// have observed the latest generation; the progress deadline must not be exceeded; every desired replica
/// must be updated, no old replica left, and every updated replica available.
/// </summary>
public sealed record RolloutStatus(RolloutState State, string Message)
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    public static RolloutStatus Of(V1Deployment deployment)
    {
        var status = deployment.Status ?? new V1DeploymentStatus();
        if ((deployment.Metadata?.Generation ?? 0) > (status.ObservedGeneration ?? 0))
        {
            return new(RolloutState.Waiting, "waiting for the deployment controller to observe the new spec");
        }

        var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == ProgressDeadlineExceeded)
        {
            return new(RolloutState.Failed, $"the rollout exceeded its progress deadline of {deployment.Spec?.ProgressDeadlineSeconds ?? 600} s ({progressing.Message})");
        }

        var desired = deployment.Spec?.Replicas ?? 1;
        var updated = status.UpdatedReplicas ?? 0;
        if (updated < desired)
        {
            return new(RolloutState.Waiting, $"{updated} of {desired} new replicas have been updated");
        }

        if ((status.Replicas ?? 0) > updated)
        {
            return new(RolloutState.Waiting, $"{status.Replicas - updated} old replicas are pending termination");
        }

        var available = status.AvailableReplicas ?? 0;
        return available < updated
            ? new(RolloutState.Waiting, $"{available} of {updated} updated replicas are available")
            : new(RolloutState.Complete, $"{updated} replicas updated and available");
    }
}

public enum RolloutState
{
    Waiting,
    Complete,
    Failed,
}

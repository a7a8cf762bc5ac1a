using k8s;
using k8s.Models;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Kubernetes;

/// <summary>
/// A job is a CronJob: its job template is patched to <c>repository@digest</c>, with the schedule, time zone,
/// concurrency policy, timeout, arguments and environment of the spec. Jobs already created keep their
/// pods' image; the CronJob's next Job is the first to use the new one.
/// </summary>
public sealed class KubernetesJobTarget(KubernetesConnection cluster, TimeProvider time, ILogger<KubernetesJobTarget> logger) : IJobTarget
{
    public async Task<string> UseDigestAsync(JobDeployment job, string registry, string digest, CancellationToken cancellationToken)
    {
        var name = job.Kubernetes.Name;
        var cronJob = await KubernetesErrors.CallAsync(job.Name, "get", "CronJob", cluster.Namespace, name,
            () => cluster.Client.BatchV1.ReadNamespacedCronJobAsync(name, cluster.Namespace, cancellationToken: cancellationToken));
        var container = KubernetesContainers.Find(job.Name, $"CronJob {cluster.Namespace}/{name}", job.Kubernetes,
            cronJob.Spec?.JobTemplate?.Spec?.Template?.Spec?.Containers).Name;
        var image = $"{registry}/{job.Image.Repository}@{digest}";
        var containerPatch = new Dictionary<string, object> { ["name"] = container, ["image"] = image };
        if (job.Args.Count > 0)
        {
            containerPatch["args"] = job.Args;
        }

        if (job.Environment.Count > 0)
        {
            containerPatch["env"] = job.Environment.Select(v => new { name = v.Key, value = v.Value }).ToList();
        }

        var spec = new Dictionary<string, object>
        {
            ["schedule"] = job.Schedule.Expression,
            ["concurrencyPolicy"] = job.Concurrency.ToString(),
            ["jobTemplate"] = new
            {
                spec = new
                {
                    activeDeadlineSeconds = (long)Math.Ceiling(job.Timeout.TotalSeconds),
                    template = new { spec = new { containers = new[] { containerPatch } } },
                },
            },
        };
        if (job.Schedule.TimeZone != TimeZoneInfo.Utc)
        {
            spec["timeZone"] = job.Schedule.TimeZone.Id;
        }

        logger.LogInformation("Patching CronJob {Namespace}/{Name} container {Container} to {Image}", cluster.Namespace, name, container, image);
        await KubernetesErrors.CallAsync(job.Name, "patch", "CronJob", cluster.Namespace, name,
            () => cluster.Client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(new { spec }, V1Patch.PatchType.StrategicMergePatch), name,
                cluster.Namespace, cancellationToken: cancellationToken));
        return job.Schedule.Next(time.GetUtcNow()) is { } next
            ? $"the CronJob {cluster.Namespace}/{name}'s next Job, at {next.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({job.Schedule}), is the first to use it"
            : $"the CronJob {cluster.Namespace}/{name} has no further run";
    }
}

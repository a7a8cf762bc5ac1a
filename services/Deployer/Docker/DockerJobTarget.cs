using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Docker;

/// <summary>On the Docker engine every run resolves its tag when it starts: a new digest needs nothing but saying which run gets it.</summary>
public sealed class DockerJobTarget(JobScheduler scheduler) : IJobTarget
{
    public Task<string> UseDigestAsync(JobDeployment job, string registry, string digest, CancellationToken cancellationToken)
    {
        var next = scheduler.NextRun(job);
        var running = scheduler.Running(job.Name);
        var first = next is not { } at ? $"its schedule {job.Schedule} has no further run"
            : running.Count > 0 && job.Concurrency == ConcurrencyPolicy.Forbid
                ? $"the first run scheduled after the run in progress ends is the first to use it (next occurrence {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {job.Schedule})"
                : $"the run scheduled at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({job.Schedule}) is the first to use it";
        var keep = running.Count == 0 ? "" : $"; {running.Count} run(s) in progress keep the digest they started with";
        return Task.FromResult(first + keep);
    }
}

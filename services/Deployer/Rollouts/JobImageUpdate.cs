using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Rollouts;

/// <summary>A job's image has a new digest: its target takes it for the next run, and the deployer says which run that is.</summary>
public sealed class JobImageUpdate(
    IJobTarget target, DeploymentHistory history, IBus bus, TimeProvider time, IOptions<DeployerOptions> options, ILogger<JobImageUpdate> logger)
{
    public async Task UseAsync(JobDeployment job, ImageDigestChanged change, CancellationToken cancellationToken)
    {
        var registry = job.Image.Registry ?? change.Registry;
        var image = $"{registry}/{job.Image.Repository}";
        var record = new DeploymentRecord(job.Name, change.Digest, change.Commit, change.CorrelationId, DeploymentOutcome.Scheduled,
            null, null, null, time.GetUtcNow()) { Image = image, PreviousDigest = change.PreviousDigest };
        try
        {
            var first = await target.UseDigestAsync(job, registry, change.Digest, cancellationToken);
            logger.LogInformation("Job {Job} has a new image {Digest}: {FirstRun}", job.Name, change.Digest, first);
            await history.RecordAsync(record with { Detail = first }, cancellationToken);
        }
        catch (DeploymentException failure)
        {
            logger.LogError("Job {Job} could not take {Digest}: {Reason}", job.Name, change.Digest, failure.Message);
            await history.RecordAsync(record with { Outcome = DeploymentOutcome.Failed, Error = failure.Message }, cancellationToken);
            await bus.Publish(new DeploymentFailed(change.CorrelationId, job.Name, image, change.Digest, failure.Message, failure.LogTail,
                time.GetUtcNow(), options.Value.Environment, change.Commit), cancellationToken);
        }
    }
}

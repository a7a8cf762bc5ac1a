using MassTransit;
using Platform.Contracts;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Rollouts;

/// <summary>A new digest of an image: every service of the environment that follows it is rolled out, every job that follows it takes it.</summary>
public sealed class ImageDigestChangedConsumer(
    EnvironmentSource environment,
    ServiceRollout rollout,
    JobImageUpdate jobs,
    ILogger<ImageDigestChangedConsumer> logger) : IConsumer<ImageDigestChanged>
{
    public async Task Consume(ConsumeContext<ImageDigestChanged> context)
    {
        var change = context.Message;
        var spec = await environment.GetAsync(context.CancellationToken, change.Commit);
        var services = spec.ServicesFollowing(change.Image, change.Registry, change.Tag).ToList();
        var followers = spec.JobsFollowing(change.Image, change.Registry, change.Tag).ToList();
        if (services.Count == 0 && followers.Count == 0)
        {
            logger.LogDebug("No deployment follows {Image}:{Tag}", change.Image, change.Tag);
            return;
        }

        // Deployments of one image are independent: one that fails or waits for its health check holds up no other.
        await Task.WhenAll(
            services.Select(service => (Task)rollout.RollOutAsync(service, change, context.CancellationToken))
                .Concat(followers.Select(job => jobs.UseAsync(job, change, context.CancellationToken))));
    }
}

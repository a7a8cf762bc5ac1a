using MassTransit;

namespace Platform.Deployer.Rollouts;

/// <summary>
/// Rollouts wait for health checks, so several changes must be in hand at once: a newer digest of a
/// service can then supersede the rollout in progress, and other services are not held up.
/// </summary>
public sealed class ImageDigestChangedConsumerDefinition : ConsumerDefinition<ImageDigestChangedConsumer>
{
    public ImageDigestChangedConsumerDefinition() => ConcurrentMessageLimit = 32;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ImageDigestChangedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 64;
    }
}

using MassTransit;
using Platform.Contracts;

namespace Platform.Builder.Coordinator;

/// <summary>The coordinator hears every attempt's start and every build's answer, from whichever instance built it.</summary>
public sealed class BuildResultsConsumer(BuildCycle cycle) : IConsumer<ImageBuildStarted>, IConsumer<ImagePushed>, IConsumer<ImageBuildFailed>
{
    public Task Consume(ConsumeContext<ImageBuildStarted> context) => cycle.OnStartedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ImagePushed> context) => cycle.OnPushedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ImageBuildFailed> context) => cycle.OnFailedAsync(context.Message, context.CancellationToken);
}

/// <summary>One message at a time, in the order they were published: an attempt's start is read before its answer.</summary>
public sealed class BuildResultsConsumerDefinition : ConsumerDefinition<BuildResultsConsumer>
{
    public BuildResultsConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<BuildResultsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = 16;
        }
    }
}

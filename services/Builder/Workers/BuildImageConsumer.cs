using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;

namespace Platform.Builder.Workers;

/// <summary>
/// Takes build commands from the queue every builder instance shares (competing consumers). A command
/// is acknowledged only when its build is over, so an instance stopped mid-build hands it to another
/// (the broker marks it redelivered, and the new attempt says so).
/// </summary>
public sealed class BuildImageConsumer(ImageBuildWorker worker) : IConsumer<BuildImage>
{
    public Task Consume(ConsumeContext<BuildImage> context) =>
        worker.RunAsync(context.Message, context.ReceiveContext.Redelivered, context.CancellationToken);
}

/// <summary>As many builds at once as Builder:MaxConcurrentBuilds, and no more prefetched than that, so idle instances get the rest.</summary>
public sealed class BuildImageConsumerDefinition : ConsumerDefinition<BuildImageConsumer>
{
    private readonly int concurrency;

    public BuildImageConsumerDefinition(IOptions<BuilderOptions> options)
    {
        concurrency = options.Value.MaxConcurrentBuilds;
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<BuildImageConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = concurrency;
        }
    }
}

using MassTransit;
using Platform.Contracts;

namespace Platform.Builder.Building;

/// <summary>The coordinator hears every build's answer, from whichever instance built it.</summary>
public sealed class BuildResultsConsumer(BuildCycle cycle) : IConsumer<ImagePushed>, IConsumer<ImageBuildFailed>
{
    public Task Consume(ConsumeContext<ImagePushed> context) => cycle.OnPushedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ImageBuildFailed> context) => cycle.OnFailedAsync(context.Message, context.CancellationToken);
}

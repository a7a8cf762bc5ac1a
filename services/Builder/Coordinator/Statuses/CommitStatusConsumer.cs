using MassTransit;
using Platform.Builder.Workers.Building;
using Platform.Contracts;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// Turns the coordinator's events into statuses: an attempt's start into <c>running</c>, a push into
/// <c>success</c> with the platforms and the duration, a failure into <c>failure</c> with its stage, platform and
/// first line. Catalogue problems (stage spec) are reported from the plan of every commit instead.
/// </summary>
public sealed class CommitStatusConsumer(CommitStatusQueue queue, BuildLinks links)
    : IConsumer<ImageBuildStarted>, IConsumer<ImagePushed>, IConsumer<ImageBuildFailed>
{
    public Task Consume(ConsumeContext<ImageBuildStarted> context)
    {
        var started = context.Message;
        queue.Offer(new CommitStatus(started.Commit, CommitStatus.ContextOf(started.Image), CommitState.Running,
            CommitStatusText.Building(started.Instance, started.Redelivered)));
        return Task.CompletedTask;
    }

    public async Task Consume(ConsumeContext<ImagePushed> context)
    {
        var pushed = context.Message;
        var record = await links.RecordOfAsync(pushed.Image, pushed.AttemptId, context.CancellationToken);
        var duration = record is null ? (TimeSpan?)null : record.FinishedAt - record.StartedAt;
        queue.Offer(new CommitStatus(pushed.Commit, CommitStatus.ContextOf(pushed.Image), CommitState.Success,
            CommitStatusText.Built(pushed.Platforms.Select(p => p.Platform), duration, pushed.Resumed), links.LogOf(record)));
    }

    public async Task Consume(ConsumeContext<ImageBuildFailed> context)
    {
        var failed = context.Message;
        if (failed.Stage == BuildFailureStage.Spec && failed.AttemptId is null)
        {
            return;
        }

        var record = await links.RecordOfAsync(failed.Image, failed.AttemptId, context.CancellationToken);
        queue.Offer(new CommitStatus(failed.Commit, CommitStatus.ContextOf(failed.Image), CommitState.Failure,
            CommitStatusText.Failed(failed.Image, failed.Stage, failed.Platform, failed.Error), links.LogOf(record)));
    }
}

/// <summary>One event at a time, in the order published, so that a start never overtakes its answer.</summary>
public sealed class CommitStatusConsumerDefinition : ConsumerDefinition<CommitStatusConsumer>
{
    public CommitStatusConsumerDefinition() => ConcurrentMessageLimit = 1;
}

using MassTransit;
using Platform.Contracts;

namespace Platform.Console.Live;

/// <summary>
/// Every event the services publish, on the console's own temporary queue (one per console process, so each
/// instance sees all of them): builds go to the <see cref="AttemptBoard"/>, and every event tells the open pages.
/// <c>BuildImage</c> is the coordinator's command to the builders; the console only reads its copy (the plan).
/// </summary>
public sealed class PlatformEventsConsumer(AttemptBoard board, LiveFeed feed) :
    IConsumer<BuildImage>, IConsumer<ImageBuildStarted>, IConsumer<ImagePushed>, IConsumer<ImageBuildFailed>,
    IConsumer<ImageDigestChanged>,
    IConsumer<ServiceDeployed>, IConsumer<DeploymentFailed>, IConsumer<DeploymentRolledBack>,
    IConsumer<JobRunCompleted>, IConsumer<JobRunFailed>, IConsumer<DigestPromoted>, IConsumer<PromotionAwaitingApproval>
{
    public Task Consume(ConsumeContext<BuildImage> context) =>
        Tell(LiveChange.Builds, context.Message.Image, $"planned at {Short(context.Message.Commit)}", () => board.Planned(context.Message));

    public Task Consume(ConsumeContext<ImageBuildStarted> context) =>
        Tell(LiveChange.Builds, context.Message.Image, $"build started at {Short(context.Message.Commit)}", () => board.Started(context.Message));

    public Task Consume(ConsumeContext<ImagePushed> context) =>
        Tell(LiveChange.Builds, context.Message.Image, $"pushed {context.Message.Digest}", () => board.Pushed(context.Message));

    public Task Consume(ConsumeContext<ImageBuildFailed> context) =>
        Tell(LiveChange.Builds, context.Message.Image, $"build failed in stage {context.Message.Stage.ToName()}", () => board.Failed(context.Message));

    public Task Consume(ConsumeContext<ImageDigestChanged> context) =>
        Tell(LiveChange.Watches, context.Message.Image, $"{context.Message.Tag} is now {context.Message.Digest}");

    public Task Consume(ConsumeContext<ServiceDeployed> context) =>
        Tell(LiveChange.Deployments, context.Message.Service, $"deployed {context.Message.Digest}");

    public Task Consume(ConsumeContext<DeploymentFailed> context) =>
        Tell(LiveChange.Deployments, context.Message.Service, $"rollout of {context.Message.Digest} failed");

    public Task Consume(ConsumeContext<DeploymentRolledBack> context) =>
        Tell(LiveChange.Deployments, context.Message.Service, $"rolled back to {context.Message.RestoredDigest}");

    public Task Consume(ConsumeContext<JobRunCompleted> context) =>
        Tell(LiveChange.Jobs, context.Message.Job, "run completed");

    public Task Consume(ConsumeContext<JobRunFailed> context) =>
        Tell(LiveChange.Jobs, context.Message.Job, $"run failed: {context.Message.Reason}");

    public Task Consume(ConsumeContext<DigestPromoted> context) =>
        Tell(LiveChange.Deployments, context.Message.Deployment, $"promoted {context.Message.Digest} to {context.Message.Environment}");

    public Task Consume(ConsumeContext<PromotionAwaitingApproval> context) =>
        Tell(LiveChange.Deployments, context.Message.Deployment, $"{context.Message.Digest} awaits approval for {context.Message.Environment}");

    private Task Tell(string area, string subject, string summary, Action? record = null)
    {
        record?.Invoke();
        feed.Publish(new LiveChange(area, subject, summary, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }

    private static string Short(string commit) => commit[..Math.Min(7, commit.Length)];
}

using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Notifications;

/// <summary>
/// The events the team hears of, each told once by one deployer: a rollback, a failed job run, a promotion that waits or is done by the
/// deployer of their environment; a failed build by the deployers whose environment follows tags of the image (not a prod that only
/// promotes). The successes only end a collapse. Posting never waits for a receiver.
/// </summary>
public sealed class NotifyTeamConsumer(NotificationOutbox outbox, EnvironmentSource environment, IOptions<DeployerOptions> deployer, IOptions<NotifyOptions> notify) :
    IConsumer<ImageBuildFailed>, IConsumer<ImagePushed>, IConsumer<DeploymentRolledBack>, IConsumer<ServiceDeployed>,
    IConsumer<JobRunFailed>, IConsumer<JobRunCompleted>, IConsumer<PromotionAwaitingApproval>, IConsumer<DigestPromoted>
{
    private string Here => deployer.Value.Environment;

    public async Task Consume(ConsumeContext<ImageBuildFailed> context)
    {
        // A cancelled build is someone's decision, not a failure to tell.
        if (context.Message.Stage != BuildFailureStage.Cancelled && await FollowsTagsOfAsync(context.Message.Image, context.CancellationToken))
        {
            outbox.Post(Notices.BuildFailed(context.Message, Here, notify.Value.BuildLogLink));
        }
    }

    public Task Consume(ConsumeContext<ImagePushed> context) => Done(NoticeKind.BuildFailed, Here, context.Message.Image);

    public Task Consume(ConsumeContext<DeploymentRolledBack> context) =>
        Mine(context.Message.Environment) ? Post(Notices.RolledBack(context.Message, Here)) : Task.CompletedTask;

    public Task Consume(ConsumeContext<ServiceDeployed> context) =>
        Mine(context.Message.Environment) ? Done(NoticeKind.RolledBack, Here, context.Message.Service) : Task.CompletedTask;

    public Task Consume(ConsumeContext<JobRunFailed> context) =>
        Mine(context.Message.Environment) ? Post(Notices.JobFailed(context.Message, Here)) : Task.CompletedTask;

    public Task Consume(ConsumeContext<JobRunCompleted> context) =>
        Mine(context.Message.Environment) ? Done(NoticeKind.JobFailed, Here, context.Message.Job) : Task.CompletedTask;

    public Task Consume(ConsumeContext<PromotionAwaitingApproval> context) =>
        Mine(context.Message.Environment) ? Post(Notices.AwaitingApproval(context.Message)) : Task.CompletedTask;

    public Task Consume(ConsumeContext<DigestPromoted> context) =>
        Mine(context.Message.Environment) ? Post(Notices.Promoted(context.Message)) : Task.CompletedTask;

    /// <summary>An event of a deployer older than promotions names no environment: it was the beta one.</summary>
    private bool Mine(string? environment) => (environment ?? "beta") == Here;

    private Task Post(Notice notice)
    {
        outbox.Post(notice);
        return Task.CompletedTask;
    }

    private Task Done(NoticeKind kind, string environmentName, string subject)
    {
        outbox.Succeeded(kind, environmentName, subject);
        return Task.CompletedTask;
    }

    private async Task<bool> FollowsTagsOfAsync(string image, CancellationToken cancellationToken)
    {
        var spec = await environment.GetAsync(cancellationToken);
        return spec.Services.Any(s => s.Promote is null && s.Image.Registry is null && s.Image.Repository == image)
            || spec.Jobs.Any(j => j.Promote is null && j.Image.Registry is null && j.Image.Repository == image)
            // A base image is deployed by no one, but every image of the environment waits for it.
            || (!spec.Services.Any(s => s.Image.Repository == image) && !spec.Jobs.Any(j => j.Image.Repository == image)
                && (spec.Services.Any(s => s.Promote is null) || spec.Jobs.Any(j => j.Promote is null)));
    }
}

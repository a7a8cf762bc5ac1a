using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary><see cref="RollBackDeployment"/> for this environment: carried out once per key, in a span <c>rollback &lt;deployment&gt;</c> that continues the command's trace.</summary>
public sealed class RollBackDeploymentConsumer(
    EnvironmentSource environment, CommandLog log, PromotionCommands commands, PromotionExecutor executor, IOptions<DeployerOptions> options,
    ILogger<RollBackDeploymentConsumer> logger) : IConsumer<RollBackDeployment>
{
    public async Task Consume(ConsumeContext<RollBackDeployment> context)
    {
        var command = context.Message;
        if (command.Environment != options.Value.Environment)
        {
            return;
        }

        using var activity = DeployerTelemetry.Source.StartActivity($"rollback {command.Deployment}");
        activity?.SetTag("platform.environment", command.Environment);
        activity?.SetTag("platform.deployment", command.Deployment);
        activity?.SetTag("platform.digest", command.ToDigest);
        activity?.SetTag("platform.rollback_key", command.RollbackKey);
        if (await log.GetAsync(command.RollbackKey, context.CancellationToken) is null)
        {
            var answer = await commands.RollBackAsync(command.Deployment, command.ToDigest, command.RequestedBy, command.Reason, context.CancellationToken);
            logger.LogInformation("A rollback of {Deployment} to {Digest} came from the bus: {Status}: {Message}", command.Deployment, command.ToDigest, answer.Status, answer.Message);
            return;
        }

        var spec = await environment.GetAsync(context.CancellationToken);
        if (Promotions.DeploymentRef.Find(spec, command.Deployment) is not { } deployment)
        {
            await log.CompleteAsync(command.RollbackKey, CommandState.Failed, $"{command.Deployment} is no longer a deployment of {command.Environment}",
                DateTimeOffset.UtcNow, context.CancellationToken);
            return;
        }

        await executor.RollBackAsync(deployment, command, context.CancellationToken);
    }
}

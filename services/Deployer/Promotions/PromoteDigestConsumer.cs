using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>
/// <see cref="PromoteDigest"/> for this environment: carried out once per key, in a span <c>promote &lt;deployment&gt;</c> that continues
/// the command's trace. A command that this deployer did not accept itself (sent on the bus by another client) is checked first,
/// as the API checks it.
/// </summary>
public sealed class PromoteDigestConsumer(
    EnvironmentSource environment, CommandLog log, PromotionCommands commands, PromotionExecutor executor, IOptions<DeployerOptions> options,
    ILogger<PromoteDigestConsumer> logger) : IConsumer<PromoteDigest>
{
    public async Task Consume(ConsumeContext<PromoteDigest> context)
    {
        var command = context.Message;
        if (command.Environment != options.Value.Environment)
        {
            return;
        }

        using var activity = DeployerTelemetry.Source.StartActivity($"promote {command.Deployment}");
        activity?.SetTag("platform.environment", command.Environment);
        activity?.SetTag("platform.deployment", command.Deployment);
        activity?.SetTag("platform.digest", command.Digest);
        activity?.SetTag("platform.promotion_key", command.PromotionKey);
        if (await log.GetAsync(command.PromotionKey, context.CancellationToken) is null)
        {
            var answer = await commands.PromoteAsync(command.Deployment, command.Digest, command.RequestedBy, context.CancellationToken);
            logger.LogInformation("A promotion of {Deployment} to {Digest} came from the bus: {Status}: {Message}", command.Deployment, command.Digest, answer.Status, answer.Message);
            return;
        }

        var spec = await environment.GetAsync(context.CancellationToken);
        if (Promotions.DeploymentRef.Find(spec, command.Deployment) is not { } deployment)
        {
            await log.CompleteAsync(command.PromotionKey, CommandState.Failed, $"{command.Deployment} is no longer a deployment of {command.Environment}",
                DateTimeOffset.UtcNow, context.CancellationToken);
            return;
        }

        await executor.PromoteAsync(deployment, command, context.CancellationToken);
    }
}

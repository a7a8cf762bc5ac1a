using MassTransit;
using Platform.Contracts;

namespace Platform.Deployer.Promotions;

/// <summary><see cref="PromoteDigest"/> for this environment: carried out once per key (see <see cref="LedgerCommandHandling"/>), in a span <c>promote &lt;deployment&gt;</c>.</summary>
public sealed class PromoteDigestConsumer(LedgerCommandHandling handling, PromotionCommands commands, PromotionExecutor executor) : IConsumer<PromoteDigest>
{
    public Task Consume(ConsumeContext<PromoteDigest> context)
    {
        var command = context.Message;
        return handling.HandleAsync(
            new BusLedgerCommand("promote", command.Environment, command.Deployment, command.Digest, command.PromotionKey, "platform.promotion_key"),
            cancellationToken => commands.PromoteAsync(command.Deployment, command.Digest, command.RequestedBy, cancellationToken),
            (deployment, cancellationToken) => executor.PromoteAsync(deployment, command, cancellationToken),
            context.CancellationToken);
    }
}

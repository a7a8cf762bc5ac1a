using MassTransit;
using Platform.Contracts;

namespace Platform.Deployer.Promotions;

/// <summary><see cref="RollBackDeployment"/> for this environment: carried out once per key (see <see cref="LedgerCommandHandling"/>), in a span <c>rollback &lt;deployment&gt;</c>.</summary>
public sealed class RollBackDeploymentConsumer(LedgerCommandHandling handling, PromotionCommands commands, PromotionExecutor executor) : IConsumer<RollBackDeployment>
{
    public Task Consume(ConsumeContext<RollBackDeployment> context)
    {
        var command = context.Message;
        return handling.HandleAsync(
            new BusLedgerCommand("rollback", command.Environment, command.Deployment, command.ToDigest, command.RollbackKey, "platform.rollback_key"),
            cancellationToken => commands.RollBackAsync(command.Deployment, command.ToDigest, command.RequestedBy, command.Reason, cancellationToken),
            (deployment, cancellationToken) => executor.RollBackAsync(deployment, command, cancellationToken),
            context.CancellationToken);
    }
}

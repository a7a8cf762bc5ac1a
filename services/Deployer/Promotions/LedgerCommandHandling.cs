using Microsoft.Extensions.Options;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>A promotion or rollback command as it came from the bus: what the shared steps of its consumer need.</summary>
/// <param name="Verb">The span's name before the deployment: <c>promote</c>, <c>rollback</c>.</param>
/// <param name="KeyTag">The span tag that carries <paramref name="Key"/>.</param>
public sealed record BusLedgerCommand(string Verb, string Environment, string Deployment, string? Digest, string Key, string KeyTag);

/// <summary>
/// The steps the promotion and rollback consumers share: a command for another environment is not ours; it runs in a span
/// <c>&lt;verb&gt; &lt;deployment&gt;</c> that continues the command's trace; a command this deployer did not accept itself
/// (sent on the bus by another client) is checked and accepted first, as the API does; an accepted one is carried out once
/// per key, or failed when its deployment is gone from the environment file.
/// </summary>
public sealed class LedgerCommandHandling(EnvironmentSource environment, CommandLog log, IOptions<DeployerOptions> options, ILogger<LedgerCommandHandling> logger)
{
    public async Task HandleAsync(
        BusLedgerCommand command,
        Func<CancellationToken, Task<CommandAnswer>> accept,
        Func<DeploymentRef, CancellationToken, Task> carryOut,
        CancellationToken cancellationToken)
    {
        if (command.Environment != options.Value.Environment)
        {
            return;
        }

        using var activity = DeployerTelemetry.Source.StartActivity($"{command.Verb} {command.Deployment}");
        activity?.SetTag("platform.environment", command.Environment);
        activity?.SetTag("platform.deployment", command.Deployment);
        activity?.SetTag("platform.digest", command.Digest);
        activity?.SetTag(command.KeyTag, command.Key);
        if (await log.GetAsync(command.Key, cancellationToken) is null)
        {
            var answer = await accept(cancellationToken);
            logger.LogInformation("A {Verb} of {Deployment} to {Digest} came from the bus: {Status}: {Message}",
                command.Verb, command.Deployment, command.Digest, answer.Status, answer.Message);
            return;
        }

        var spec = await environment.GetAsync(cancellationToken);
        if (DeploymentRef.Find(spec, command.Deployment) is not { } deployment)
        {
            await log.CompleteAsync(command.Key, CommandState.Failed, $"{command.Deployment} is no longer a deployment of {command.Environment}",
                DateTimeOffset.UtcNow, cancellationToken);
            return;
        }

        await carryOut(deployment, cancellationToken);
    }
}

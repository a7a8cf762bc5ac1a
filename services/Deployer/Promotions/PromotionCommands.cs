using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>
/// Takes promotion and rollback commands (from the API, the CLI and the promotion gate): checks them against the ledgers,
/// writes each under its idempotency key (a second identical command finds the first and does nothing) and sends it on
/// the bus, where this environment's deployer carries it out (<see cref="PromotionExecutor"/>). Nothing is deployed here.
/// </summary>
public sealed class PromotionCommands(
    EnvironmentSource environment,
    PromotionEvaluator evaluator,
    DeploymentLedger ledger,
    CommandLog log,
    IBus bus,
    IOptions<DeployerOptions> options,
    TimeProvider time,
    ILogger<PromotionCommands> logger)
{
    private string Name => options.Value.Environment;

    /// <summary>Promotes <paramref name="digest"/>, or the newest digest that qualified, to <paramref name="deployment"/>.</summary>
    public async Task<CommandAnswer> PromoteAsync(string deployment, string? digest, string requestedBy, CancellationToken cancellationToken)
    {
        var (found, problem) = await FindAsync(deployment, cancellationToken);
        if (found is null)
        {
            return problem!;
        }

        if (found.Promote is not { } promotion)
        {
            return new CommandAnswer(CommandStatus.Refused,
                $"{found.Describe} follows {found.Image.Policy} in {Name}; it is not promoted (give it promote: in {File}); nothing was deployed");
        }

        var evaluation = await evaluator.EvaluateAsync(found, cancellationToken);
        if (evaluation.Status is not { } status)
        {
            return new CommandAnswer(CommandStatus.Unavailable, $"{evaluation.Error}; nothing was deployed");
        }

        Stint? stint;
        if (digest is null)
        {
            stint = status.Promote;
            if (stint is null)
            {
                return status.Waiting is null && status.Running is not null
                    ? new CommandAnswer(CommandStatus.NothingToDo, $"{deployment}: {status.Summary}", Digest: status.Running.Digest)
                    : new CommandAnswer(CommandStatus.Refused, $"{deployment}: no digest qualifies for {Name}: {status.Summary}; nothing was deployed");
            }
        }
        else
        {
            if (status.Running?.Digest == digest)
            {
                return new CommandAnswer(CommandStatus.NothingToDo,
                    $"{deployment} runs {digest} in {Name} already (since {Qualifications.At(status.Running.StartedAt)})", Digest: digest);
            }

            stint = evaluation.Source.FirstOrDefault(s => s.Digest == digest);
            if (stint is null)
            {
                return new CommandAnswer(CommandStatus.Refused,
                    $"{digest} never ran as {deployment} in {promotion.From} (its ledger there has {evaluation.Source.Count} entries): it does not qualify; nothing was deployed");
            }

            if (status.Blocked.FirstOrDefault(b => b.Digest == digest) is { } blocked)
            {
                return new CommandAnswer(CommandStatus.Refused,
                    $"{digest} {blocked.Reason} in {Name} at {Qualifications.At(blocked.At)}: it is not promoted here again; a newer digest must qualify in {promotion.From}; nothing was deployed");
            }

            var verdict = Qualifications.Judge(stint, promotion, time.GetUtcNow());
            if (verdict.Verdict != Verdict.Qualified)
            {
                var when = verdict.QualifiesAt is { } at ? $"; it qualifies at {Qualifications.At(at)}" : "";
                return new CommandAnswer(CommandStatus.Refused, $"{digest} does not qualify for {deployment} in {Name}: {verdict.Reason}{when}; nothing was deployed");
            }
        }

        return await AcceptPromotionAsync(found, promotion, stint, requestedBy, cancellationToken);
    }

    /// <summary>Sends the promotion of <paramref name="stint"/>'s digest, once per key (the gate calls this for <c>approval: auto</c>).</summary>
    public async Task<CommandAnswer> AcceptPromotionAsync(DeploymentRef deployment, Promotion promotion, Stint stint, string requestedBy, CancellationToken cancellationToken)
    {
        var key = $"{Name}/{deployment.Name}/{stint.Digest}/{promotion.From}#{stint.Id}";
        var command = new LedgerCommand(key, CommandKind.Promote, deployment.Name, stint.Digest, null, promotion.From, stint.Id, requestedBy,
            time.GetUtcNow(), NewId.NextGuid(), CommandState.Accepted, null, null);
        var message = new PromoteDigest(command.CorrelationId, Name, deployment.Name, stint.Digest, stint.Commit, promotion.From, stint.Id, key, requestedBy,
            command.RequestedAt);
        return await AcceptAsync(command, () => bus.Publish(message, cancellationToken), $"promotion of {deployment.Name} to {stint.Digest} (from {promotion.From})",
            cancellationToken);
    }

    /// <summary>Rolls <paramref name="deployment"/> back from the digest that runs to <paramref name="to"/>, or to the last one that served before it.</summary>
    public async Task<CommandAnswer> RollBackAsync(string deployment, string? to, string requestedBy, string? reason, CancellationToken cancellationToken)
    {
        var (found, problem) = await FindAsync(deployment, cancellationToken);
        if (found is null)
        {
            return problem!;
        }

        var target = await ledger.ListAsync(deployment, 100, cancellationToken);
        if (target.FirstOrDefault(s => s.IsRunning) is not { } running)
        {
            return new CommandAnswer(CommandStatus.Refused, $"nothing runs as {deployment} in {Name} (its ledger has no running digest): there is nothing to roll back");
        }

        if (to == running.Digest)
        {
            return new CommandAnswer(CommandStatus.NothingToDo, $"{deployment} runs {to} in {Name} already (since {Qualifications.At(running.StartedAt)})", Digest: to);
        }

        var back = to is null ? PromotionDecision.PreviousGood(target) : target.FirstOrDefault(s => s.Digest == to && s.EndReason != StintEnd.FailedRollout);
        if (back is null)
        {
            return new CommandAnswer(CommandStatus.Refused, to is null
                ? $"no earlier digest served {deployment} in {Name} (nor was replaced there in the ordinary way): name one with --to"
                : $"{to} never served {deployment} in {Name}: a rollback goes to a digest that ran here");
        }

        var key = $"{Name}/{deployment}/{running.Digest}->{back.Digest}";
        var command = new LedgerCommand(key, CommandKind.Rollback, deployment, back.Digest, running.Digest, null, null, requestedBy, time.GetUtcNow(),
            NewId.NextGuid(), CommandState.Accepted, null, null);
        var message = new RollBackDeployment(command.CorrelationId, Name, deployment, running.Digest, back.Digest, key, requestedBy, reason, command.RequestedAt);
        return await AcceptAsync(command, () => bus.Publish(message, cancellationToken), $"rollback of {deployment} from {running.Digest} to {back.Digest}",
            cancellationToken);
    }

    private async Task<CommandAnswer> AcceptAsync(LedgerCommand command, Func<Task> send, string what, CancellationToken cancellationToken)
    {
        var (accepted, existing) = await log.TryAcceptAsync(command, cancellationToken);
        if (!accepted)
        {
            var state = existing.State switch
            {
                CommandState.Done => $"done at {Qualifications.At(existing.DoneAt)}: {existing.Outcome}",
                CommandState.Failed => $"failed at {Qualifications.At(existing.DoneAt)}: {existing.Outcome}",
                _ => "being carried out",
            };
            return new CommandAnswer(CommandStatus.NothingToDo,
                $"the {what} was accepted before (at {Qualifications.At(existing.RequestedAt)}, by {existing.RequestedBy}) and is {state}", existing.Key, existing.Digest);
        }

        try
        {
            await send();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing was sent: the key is free again for the next attempt.
            await log.ForgetAsync(command.Key, CancellationToken.None);
            logger.LogError(e, "The {What} could not be sent on the bus", what);
            return new CommandAnswer(CommandStatus.Unavailable, $"the {what} could not be sent on the bus: {e.Message}; nothing was deployed");
        }

        logger.LogInformation("Accepted the {What} ({Key}), asked by {RequestedBy}", what, command.Key, command.RequestedBy);
        return new CommandAnswer(CommandStatus.Accepted, $"{Name}: accepted the {what}", command.Key, command.Digest);
    }

    private string File => options.Value.EnvironmentFilePath;

    private async Task<(DeploymentRef? Found, CommandAnswer? Problem)> FindAsync(string deployment, CancellationToken cancellationToken)
    {
        var spec = await environment.GetAsync(cancellationToken);
        if (DeploymentRef.Find(spec, deployment) is { } found)
        {
            return (found, null);
        }

        var leftOut = spec.Problems.Where(p => p.Deployment == deployment).Select(p => p.ToString()).ToList();
        return (null, new CommandAnswer(CommandStatus.Unknown, leftOut.Count > 0
            ? $"{deployment} is left out of {Name}: {string.Join("; ", leftOut)}; nothing was deployed"
            : $"{Name} has no deployment '{deployment}' at {spec.Commit[..Math.Min(7, spec.Commit.Length)]} ({spec.File ?? File}); " +
              $"its deployments: {string.Join(", ", DeploymentRef.All(spec).Select(d => d.Name))}"));
    }
}

using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>
/// Looks at the source environment of every promoted deployment every <c>Deployer:PromotionInterval</c>, and at the moment a
/// soak time ends: a digest that qualified is promoted at once with <c>approval: auto</c>, and announced as waiting with
/// <c>approval: required</c>. At start it sends again the commands an earlier process accepted and never carried out.
/// </summary>
public sealed class PromotionGate(
    EnvironmentSource environment,
    PromotionEvaluator evaluator,
    PromotionCommands commands,
    CommandLog log,
    IBus bus,
    IOptions<DeployerOptions> options,
    TimeProvider time,
    ILogger<PromotionGate> logger) : BackgroundService
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, string> announced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> errors = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResendPendingAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = time.GetUtcNow() + options.Value.PromotionInterval;
            try
            {
                var spec = await environment.GetAsync(stoppingToken);
                foreach (var deployment in DeploymentRef.All(spec).Where(d => d.Promote is not null))
                {
                    var next = await LookAsync(deployment, stoppingToken);
                    wake = next is { } at && at < wake ? at : wake;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Looking at the promoted deployments failed; trying again in {Interval}", options.Value.PromotionInterval);
            }

            var delay = wake - time.GetUtcNow();
            await Task.Delay(delay > Shortest ? delay : Shortest, time, stoppingToken);
        }
    }

    /// <summary>Promotes or announces what qualified; returns when the digest that soaks now will qualify.</summary>
    private async Task<DateTimeOffset?> LookAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        var evaluation = await evaluator.EvaluateAsync(deployment, cancellationToken);
        if (evaluation.Error is { } error)
        {
            if (errors.TryGetValue(deployment.Name, out var seen) is false || seen != error)
            {
                logger.LogWarning("{Deployment}: {Error}; nothing is promoted until its source can be read", deployment.Name, error);
                errors[deployment.Name] = error;
            }

            return null;
        }

        errors.TryRemove(deployment.Name, out _);
        var status = evaluation.Status!;
        if (status.Promote is { } qualified)
        {
            if (!status.AwaitsApproval)
            {
                var answer = await commands.AcceptPromotionAsync(deployment, deployment.Promote!, qualified, "auto (qualified)", cancellationToken);
                if (answer.Status == CommandStatus.Accepted)
                {
                    logger.LogInformation("{Deployment}: {Digest} qualified in {Source}: {Message}", deployment.Name, qualified.Digest, deployment.Promote!.From, answer.Message);
                }
            }
            else if (announced.TryAdd($"{deployment.Name}/{qualified.Digest}#{qualified.Id}", qualified.Digest))
            {
                logger.LogInformation("{Deployment}: {Summary}", deployment.Name, status.Summary);
                await bus.Publish(new PromotionAwaitingApproval(NewId.NextGuid(), evaluator.Environment, deployment.Name, qualified.Digest, qualified.Commit,
                    deployment.Promote!.From, qualified.Id, time.GetUtcNow()), cancellationToken);
            }
        }

        return status.Waiting?.Qualification is { Verdict: Verdict.Soaking, QualifiesAt: { } at } ? at : null;
    }

    /// <summary>Commands accepted by an earlier process and never carried out are sent again; carrying one out twice is a no-op.</summary>
    private async Task ResendPendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var command in await log.PendingAsync(cancellationToken))
            {
                logger.LogWarning("Command {Key} was accepted at {At} and not carried out before the deployer stopped: sending it again", command.Key, command.RequestedAt);
                object message = command.Kind == CommandKind.Promote
                    ? new PromoteDigest(command.CorrelationId, evaluator.Environment, command.Deployment, command.Digest, null, command.SourceEnvironment!,
                        command.SourceStint ?? 0, command.Key, command.RequestedBy, command.RequestedAt)
                    : new RollBackDeployment(command.CorrelationId, evaluator.Environment, command.Deployment, command.FromDigest!, command.Digest, command.Key,
                        command.RequestedBy, null, command.RequestedAt);
                await bus.Publish(message, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Sending again the commands an earlier deployer left failed");
        }
    }
}

using System.Collections.Concurrent;
using MassTransit;
using Platform.Contracts;
using Platform.Deployer.Ledger;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Registry;

namespace Platform.Deployer.Promotions;

/// <summary>
/// Carries out an accepted promotion or rollback: a service is rolled out (health gate and automatic rollback as for any
/// rollout), a job's future runs take the digest. One key is carried out at most once: a command whose key is done, or
/// that another delivery carries out now, is a no-op.
/// </summary>
public sealed class PromotionExecutor(
    ServiceRollout rollout,
    IJobTarget jobs,
    DeploymentLedger ledger,
    DeploymentHistory history,
    CommandLog log,
    PlatformRegistry registry,
    IBus bus,
    TimeProvider time,
    ILogger<PromotionExecutor> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> keys = new(StringComparer.Ordinal);

    public async Task PromoteAsync(DeploymentRef deployment, PromoteDigest command, CancellationToken cancellationToken)
    {
        var cause = new RolloutCause(StintEnd.Replaced, $"replaced by {command.Digest}, promoted from {command.SourceEnvironment}", command.SourceEnvironment,
            command.SourceStint, command.PromotionKey);
        await OnceAsync(command.PromotionKey, async () =>
        {
            var (state, outcome, previous) = await PutInPlaceAsync(deployment, command.Digest, command.Commit, command.CorrelationId, cause, cancellationToken);
            if (state == CommandState.Done)
            {
                await bus.Publish(new DigestPromoted(command.CorrelationId, command.Environment, deployment.Name, command.Digest, command.Commit,
                    command.SourceEnvironment, previous, command.PromotionKey, command.RequestedBy, time.GetUtcNow()), cancellationToken);
            }

            return (state, outcome);
        }, cancellationToken);
    }

    public async Task RollBackAsync(DeploymentRef deployment, RollBackDeployment command, CancellationToken cancellationToken)
    {
        await OnceAsync(command.RollbackKey, async () =>
        {
            var running = await ledger.RunningAsync(deployment.Name, cancellationToken);
            if (running?.Digest != command.FromDigest)
            {
                return (CommandState.Done, $"nothing to do: {command.FromDigest} no longer runs (now {running?.Digest ?? "nothing"})");
            }

            var why = $"rolled back on command by {command.RequestedBy}{(command.Reason is { Length: > 0 } reason ? $": {reason}" : "")} (to {command.ToDigest})";
            var commit = await history.CommitOfAsync(deployment.Name, command.ToDigest, cancellationToken);
            var (state, outcome, _) = await PutInPlaceAsync(deployment, command.ToDigest, commit, command.CorrelationId,
                new RolloutCause(StintEnd.RolledBack, why, null, null, command.RollbackKey), cancellationToken);
            if (state == CommandState.Done)
            {
                await bus.Publish(new DeploymentRolledBack(command.CorrelationId, deployment.Name, running.Image ?? deployment.Image.Repository, command.FromDigest,
                    command.ToDigest, why, [], time.GetUtcNow(), command.Environment, running.Commit), cancellationToken);
            }

            return (state, outcome);
        }, cancellationToken);
    }

    private async Task<(CommandState State, string Outcome, string? Previous)> PutInPlaceAsync(
        DeploymentRef deployment, string digest, string? commit, Guid correlationId, RolloutCause cause, CancellationToken cancellationToken)
    {
        var source = deployment.Image.Registry ?? registry.Host;
        if (deployment.Service is { } service)
        {
            var result = await rollout.RollOutAsync(service, new RolloutRequest(digest, source, commit, correlationId, null) { Cause = cause }, cancellationToken);
            return result.Outcome switch
            {
                null or DeploymentOutcome.Succeeded => (CommandState.Done, $"{service.Name} runs {digest}", result.PreviousDigest),
                _ => (CommandState.Failed, $"{result.Outcome}: {result.Error}", result.PreviousDigest),
            };
        }

        var job = deployment.Job!;
        var image = $"{source}/{job.Image.Repository}";
        var stint = new StintStart(job.Name, DeploymentKind.Job, digest, image, null, commit, time.GetUtcNow())
        {
            PromotedFrom = cause.PromotedFrom, SourceStint = cause.SourceStint, CommandKey = cause.CommandKey,
        };
        var previous = (await ledger.RunningAsync(job.Name, cancellationToken))?.Digest;
        var record = new DeploymentRecord(job.Name, digest, commit, correlationId, DeploymentOutcome.Scheduled, null, null, null, stint.At)
        {
            Image = image, PreviousDigest = previous,
        };
        try
        {
            var first = await jobs.UseDigestAsync(job, source, digest, cancellationToken);
            await ledger.StartAsync(stint, cause.EndPrevious, cause.EndDetail, cancellationToken);
            await history.RecordAsync(record with { Detail = $"{cause.EndDetail ?? "promoted"}; {first}" }, cancellationToken);
            logger.LogInformation("Job {Job} takes {Digest}: {FirstRun}", job.Name, digest, first);
            return (CommandState.Done, $"{job.Name} uses {digest}: {first}", previous);
        }
        catch (DeploymentException failure)
        {
            await ledger.FailedRolloutAsync(stint, failure.Message, cancellationToken);
            await history.RecordAsync(record with { Outcome = DeploymentOutcome.Failed, Error = failure.Message }, cancellationToken);
            return (CommandState.Failed, failure.Message, previous);
        }
    }

    private async Task OnceAsync(string key, Func<Task<(CommandState State, string Outcome)>> work, CancellationToken cancellationToken)
    {
        var gate = keys.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await log.GetAsync(key, cancellationToken) is { State: not CommandState.Accepted } done)
            {
                logger.LogInformation("Command {Key} is {State} already: nothing to do", key, done.State);
                return;
            }

            var (state, outcome) = await work();
            await log.CompleteAsync(key, state, outcome, time.GetUtcNow(), CancellationToken.None);
            logger.Log(state == CommandState.Done ? LogLevel.Information : LogLevel.Error, "Command {Key} {State}: {Outcome}", key, state, outcome);
        }
        finally
        {
            gate.Release();
        }
    }
}

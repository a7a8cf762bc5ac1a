using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Planning;
using Platform.Builder.History;
using Platform.Builder.Leases;
using Platform.Builder.Workers.Building;
using Platform.Catalog.Planning;
using Platform.Contracts;
using Platform.ServiceDefaults.Faults;

namespace Platform.Builder.Coordinator;

/// <summary>
/// The coordinator's pass over a commit: plan it once, then hand the builds out wave after wave as
/// <see cref="BuildImage"/> commands that any builder instance may take, and advance when every build
/// of a wave has answered. An image is thus built only after the bases it starts from were pushed, and
/// from the digests just pushed. One image failing never stops the others, only its dependents.
/// Every build has a key (<see cref="BuildKey"/>) whose lease (<see cref="BuildLedger"/>) says whether a
/// command for it is out already: a coordinator that restarts re-plans its commit and waits for those
/// answers instead of sending the build again, so one key is built once.
/// </summary>
public sealed class BuildCycle(
    CommitPlanner planner,
    BuildHistory history,
    BuildLedger ledger,
    CatalogProblemReporter problems,
    RevisionTagger revisionTagger,
    IEnumerable<IPlanObserver> observers,
    IBus bus,
    IOptions<BuilderOptions> options,
    TimeProvider time,
    ILogger<BuildCycle> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private PlanExecution? current;

    /// <summary>Runs the cycle to its end; returns the number of builds that failed (catalogue problems wait for a new commit).</summary>
    /// <param name="revision">The followed revision the commit is at and its tags; null: <c>Catalog:Ref</c>, tagged <c>latest</c>.</param>
    public async Task<int> RunAsync(string commit, CancellationToken cancellationToken, RevisionTags? revision = null)
    {
        using var activity = BuilderTelemetry.Source.StartActivity($"commit {BuildPlanner.Short(commit)}", ActivityKind.Internal);
        activity?.SetTag("vcs.commit", commit);
        var correlationId = NewId.NextGuid();
        activity?.SetTag("platform.correlation_id", correlationId);

        var (catalog, plan, lastPushed, upstream) = await planner.PlanAsync(commit, cancellationToken);
        await problems.ReportAsync(catalog, correlationId, cancellationToken);
        foreach (var observer in observers)
        {
            observer.Planned(plan, catalog.Images.Count);
        }

        if (plan.Builds.Count == 0)
        {
            logger.LogInformation("Commit {Commit}: no image to build ({Images} images in the catalogue)", BuildPlanner.Short(commit), catalog.Images.Count);
            return revision is null ? 0 : await revisionTagger.TagUnchangedAsync(new CommitPlan(catalog, plan, lastPushed, upstream), commit, revision, new HashSet<string>(), cancellationToken);
        }

        logger.LogInformation("Commit {Commit}: {Count} image(s) to build in {Waves} wave(s): {Images}", BuildPlanner.Short(commit), plan.Builds.Count,
            plan.Waves.Count(), string.Join("; ", plan.Builds.Select(b => $"[{b.Wave}] {b.Image.Spec.Name}: {b.Reason}")));
        var execution = new PlanExecution(commit, correlationId, plan, lastPushed, upstream) { Revision = revision };
        await WithExecutionAsync(async () =>
        {
            current = execution;
            await AdvanceAsync(execution, cancellationToken);
        }, cancellationToken);

        // Builders that vanish with a command in hand would stall the plan: give up on it after the longest it could take.
        var deadline = options.Value.BuildTimeout * plan.Builds.Count + TimeSpan.FromMinutes(1);
        try
        {
            await execution.Completion.WaitAsync(deadline, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await WithExecutionAsync(() => GiveUpAsync(execution, deadline, cancellationToken), cancellationToken);
        }
        finally
        {
            await WithExecutionAsync(() =>
            {
                if (current == execution)
                {
                    current = null;
                }

                return Task.CompletedTask;
            }, CancellationToken.None);
        }

        var untagged = revision is null ? 0
            : await revisionTagger.TagUnchangedAsync(new CommitPlan(catalog, plan, lastPushed, upstream), commit, revision, execution.Failed, cancellationToken);
        return execution.Failed.Count + untagged;
    }

    /// <summary>An instance started an attempt at a build: kept in the ledger (an earlier attempt that never answered was interrupted).</summary>
    public Task OnStartedAsync(ImageBuildStarted started, CancellationToken cancellationToken) =>
        WithExecutionAsync(() => ledger.OnStartedAsync(started, cancellationToken), cancellationToken);

    /// <summary>A build answered with a push: record it and, when its wave is over, hand out the next.</summary>
    public Task OnPushedAsync(ImagePushed pushed, CancellationToken cancellationToken) =>
        WithExecutionAsync(async () =>
        {
            await ledger.OnPushedAsync(pushed, cancellationToken);
            if (current is not { } execution || pushed.BuildKey is null || execution.PendingWithKey(pushed.BuildKey) is not { } image)
            {
                logger.LogDebug("{Image} pushed for {Correlation}, which is not a build of the plan in progress", pushed.Image, pushed.CorrelationId);
                return;
            }

            execution.Succeeded(image, new PushedImage(pushed.Digest, pushed.Platforms));
            await AdvanceAsync(execution, cancellationToken);
        }, cancellationToken);

    /// <summary>A build answered with a failure: record it and go on; its dependents will fail with stage base.</summary>
    public Task OnFailedAsync(ImageBuildFailed failed, CancellationToken cancellationToken) =>
        WithExecutionAsync(async () =>
        {
            await ledger.OnFailedAsync(failed, cancellationToken);
            if (current is not { } execution || failed.BuildKey is null || execution.PendingWithKey(failed.BuildKey) is not { } image)
            {
                return;
            }

            execution.Fail(image);
            await AdvanceAsync(execution, cancellationToken);
        }, cancellationToken);

    /// <summary>Hands out the next wave once the current one is over; images whose base failed fail at once.</summary>
    private async Task AdvanceAsync(PlanExecution execution, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wave = execution.NextWave();
            if (wave.Count == 0)
            {
                return;
            }

            foreach (var build in wave)
            {
                var image = build.Image.Spec.Name;
                if (build.CatalogueBases.FirstOrDefault(b => execution.Failed.Contains(b.Name)) is { } failedBase)
                {
                    await FailAsync(execution, build, BuildFailureStage.Base, $"{image}: not built because its base image {failedBase.Name} failed", cancellationToken);
                    continue;
                }

                var bases = build.CatalogueBases
                    .Where(b => execution.Pushed.ContainsKey(b.Name))
                    .Select(b => new BaseImagePin(b.Name, execution.Pushed[b.Name].Digest, execution.Pushed[b.Name].Platforms))
                    .ToList();
                var upstream = build.Image.BaseImages
                    .Where(b => execution.Upstream.ContainsKey(b.Reference))
                    .Select(b => new UpstreamImagePin(b.Reference, execution.Upstream[b.Reference]))
                    .DistinctBy(p => p.Reference)
                    .ToList();
                var key = BuildKey.Of(image, execution.Commit, build.Image.Inputs.Digest, bases, upstream);
                execution.Assign(image, key);
                await SendOnceAsync(execution, build, new BuildImage(
                    execution.CorrelationId, execution.Commit, image, build.Wave, build.Reasons, bases, time.GetUtcNow(), upstream, key,
                    execution.Revision?.Tags, execution.Revision?.Ref), cancellationToken);
            }

            Failpoints.Crash("builder.commands-sent");
            if (wave.Any(b => execution.IsPending(b.Image.Spec.Name)))
            {
                return;
            }
        }
    }

    /// <summary>Sends the command unless a command for its key is out already (adopted: its answer will come).</summary>
    private async Task SendOnceAsync(PlanExecution execution, PlannedBuild build, BuildImage command, CancellationToken cancellationToken)
    {
        var wanted = new BuildLease(command.BuildKey!, command.Image, command.Commit, command.CorrelationId, build.Reason,
            LeaseState.Sending, 0, null, null, command.RequestedAt, null)
        {
            Inputs = build.Image.Inputs,
            BaseDigests = command.Bases.ToDictionary(b => b.Image, b => b.Digest, StringComparer.Ordinal),
        };
        var check = await ledger.BeforeSendAsync(wanted, cancellationToken);
        switch (check.Decision)
        {
            case LeaseDecision.Adopt:
                logger.LogInformation("{Image} at {Commit}: attempt {Attempt} is already {State}{Instance}; waiting for its answer rather than building it again",
                    command.Image, BuildPlanner.Short(command.Commit), Math.Max(1, check.Lease.Attempt), check.Lease.State.ToString().ToLowerInvariant(),
                    check.Lease.Instance is { } instance ? $" on {instance}" : "");
                return;
            case LeaseDecision.Resend:
                logger.LogWarning("{Image} at {Commit}: the coordinator stopped while it sent this build; sending it again (an instance that has it already finds it pushed)",
                    command.Image, BuildPlanner.Short(command.Commit));
                break;
        }

        await bus.Publish(command, cancellationToken);
        await ledger.SentAsync(check.Lease, cancellationToken);
    }

    private async Task GiveUpAsync(PlanExecution execution, TimeSpan deadline, CancellationToken cancellationToken)
    {
        foreach (var image in execution.PendingImages.ToList())
        {
            if (execution.KeyOf(image) is { } key)
            {
                await ledger.AbandonAsync(key, cancellationToken);
            }

            await FailAsync(execution, execution.PendingBuild(image)!, BuildFailureStage.Build,
                $"{image}: no builder instance answered within {deadline} (are the builders running?)", cancellationToken);
        }
    }

    private async Task FailAsync(PlanExecution execution, PlannedBuild build, BuildFailureStage stage, string error, CancellationToken cancellationToken)
    {
        var image = build.Image.Spec.Name;
        var now = time.GetUtcNow();
        logger.LogError("Build of {Image} at {Commit} failed in stage {Stage}: {Error}", image, BuildPlanner.Short(execution.Commit), stage.ToName(), error);
        await history.RecordAsync(
            new BuildRecord(image, execution.Commit, execution.CorrelationId, BuildOutcome.Failed, build.Reason, null, stage.ToName(), error, now, now),
            cancellationToken);
        await bus.Publish(new ImageBuildFailed(execution.CorrelationId, image, execution.Commit, stage, error, [], now), cancellationToken);
        execution.Fail(image);
    }

    private async Task WithExecutionAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await action();
        }
        finally
        {
            gate.Release();
        }
    }
}

using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Builder.History;
using Platform.Builder.Planning;
using Platform.Catalog.Planning;
using Platform.Contracts;

namespace Platform.Builder.Building;

/// <summary>
/// The coordinator's pass over a commit: plan it once, then hand the builds out wave after wave as
/// <see cref="BuildImage"/> commands that any builder instance may take, and advance when every build
/// of a wave has answered. An image is thus built only after the bases it starts from were pushed, and
/// from the digests just pushed. One image failing never stops the others, only its dependents.
/// </summary>
public sealed class BuildCycle(
    CommitPlanner planner,
    BuildHistory history,
    CatalogProblemReporter problems,
    IBus bus,
    IOptions<BuilderOptions> options,
    TimeProvider time,
    ILogger<BuildCycle> logger)
{
    public static readonly ActivitySource Telemetry = new("Platform.Builder");

    private readonly SemaphoreSlim gate = new(1, 1);
    private PlanExecution? current;

    /// <summary>Runs the cycle to its end; returns the number of builds that failed (catalogue problems wait for a new commit).</summary>
    public async Task<int> RunAsync(string commit, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.StartActivity($"commit {BuildPlanner.Short(commit)}", ActivityKind.Internal);
        activity?.SetTag("vcs.commit", commit);
        var correlationId = NewId.NextGuid();
        activity?.SetTag("platform.correlation_id", correlationId);

        var (catalog, plan, lastPushed, upstream) = await planner.PlanAsync(commit, cancellationToken);
        await problems.ReportAsync(catalog, correlationId, cancellationToken);
        if (plan.Builds.Count == 0)
        {
            logger.LogInformation("Commit {Commit}: no image to build ({Images} images in the catalogue)", BuildPlanner.Short(commit), catalog.Images.Count);
            return 0;
        }

        logger.LogInformation("Commit {Commit}: {Count} image(s) to build in {Waves} wave(s): {Images}", BuildPlanner.Short(commit), plan.Builds.Count,
            plan.Waves.Count(), string.Join("; ", plan.Builds.Select(b => $"[{b.Wave}] {b.Image.Spec.Name}: {b.Reason}")));
        var execution = new PlanExecution(commit, correlationId, plan, lastPushed, upstream);
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

        return execution.Failed.Count;
    }

    /// <summary>A build answered with a push: record it and, when its wave is over, hand out the next.</summary>
    public Task OnPushedAsync(ImagePushed pushed, CancellationToken cancellationToken) =>
        WithExecutionAsync(async () =>
        {
            if (current is not { } execution || execution.CorrelationId != pushed.CorrelationId || execution.PendingBuild(pushed.Image) is not { } build)
            {
                logger.LogDebug("{Image} pushed for {Correlation}, which is not the plan in progress", pushed.Image, pushed.CorrelationId);
                return;
            }

            var started = execution.SentAt(pushed.Image);
            await history.RecordAsync(
                new BuildRecord(pushed.Image, pushed.Commit, pushed.CorrelationId, BuildOutcome.Succeeded, build.Reason, pushed.Digest, null, null, started, pushed.PushedAt)
                {
                    Inputs = build.Image.Inputs,
                    BaseDigests = build.CatalogueBases.ToDictionary(b => b.Name, b => execution.Pushed[b.Name].Digest, StringComparer.Ordinal),
                    Platforms = pushed.Platforms,
                    BuiltBy = pushed.BuiltBy,
                },
                cancellationToken);
            execution.Succeeded(pushed.Image, new PushedImage(pushed.Digest, pushed.Platforms));
            logger.LogInformation("Built and pushed {Image} at {Commit} as {Digest} in {Seconds:F1} s by {Instance}",
                pushed.Image, BuildPlanner.Short(pushed.Commit), pushed.Digest, (pushed.PushedAt - started).TotalSeconds, pushed.BuiltBy);
            await AdvanceAsync(execution, cancellationToken);
        }, cancellationToken);

    /// <summary>A build answered with a failure: record it and go on; its dependents will fail with stage base.</summary>
    public Task OnFailedAsync(ImageBuildFailed failed, CancellationToken cancellationToken) =>
        WithExecutionAsync(async () =>
        {
            if (current is not { } execution || execution.CorrelationId != failed.CorrelationId || execution.PendingBuild(failed.Image) is not { } build)
            {
                return;
            }

            await history.RecordAsync(
                new BuildRecord(failed.Image, failed.Commit, failed.CorrelationId, BuildOutcome.Failed, build.Reason, null, failed.Stage, failed.Error,
                    execution.SentAt(failed.Image), failed.FailedAt) { BuiltBy = failed.BuiltBy },
                cancellationToken);
            execution.Fail(failed.Image);
            await AdvanceAsync(execution, cancellationToken);
        }, cancellationToken);

    /// <summary>Hands out the next wave once the current one is over; images whose base failed fail at once.</summary>
    private async Task AdvanceAsync(PlanExecution execution, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wave = execution.NextWave(time.GetUtcNow());
            if (wave.Count == 0)
            {
                return;
            }

            foreach (var build in wave)
            {
                var image = build.Image.Spec.Name;
                if (build.CatalogueBases.FirstOrDefault(b => execution.Failed.Contains(b.Name)) is { } failedBase)
                {
                    await FailAsync(execution, build, BuildFailure.Base, $"{image}: not built because its base image {failedBase.Name} failed", cancellationToken);
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
                await bus.Publish(new BuildImage(execution.CorrelationId, execution.Commit, image, build.Wave, build.Reasons, bases, time.GetUtcNow(), upstream), cancellationToken);
            }

            if (wave.Any(b => execution.IsPending(b.Image.Spec.Name)))
            {
                return;
            }
        }
    }

    private async Task GiveUpAsync(PlanExecution execution, TimeSpan deadline, CancellationToken cancellationToken)
    {
        foreach (var image in execution.PendingImages.ToList())
        {
            await FailAsync(execution, execution.PendingBuild(image)!, BuildFailure.Build,
                $"{image}: no builder instance answered within {deadline} (are the builders running?)", cancellationToken);
        }
    }

    private async Task FailAsync(PlanExecution execution, PlannedBuild build, string stage, string error, CancellationToken cancellationToken)
    {
        var image = build.Image.Spec.Name;
        var now = time.GetUtcNow();
        logger.LogError("Build of {Image} at {Commit} failed in stage {Stage}: {Error}", image, BuildPlanner.Short(execution.Commit), stage, error);
        await history.RecordAsync(new BuildRecord(image, execution.Commit, execution.CorrelationId, BuildOutcome.Failed, build.Reason, null, stage, error, now, now), cancellationToken);
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

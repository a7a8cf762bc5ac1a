using System.Diagnostics;
using MassTransit;
using Platform.Builder.History;
using Platform.Builder.Planning;
using Platform.Catalog;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Building;

/// <summary>
/// One pass over a commit: read the catalogue, plan, build and push what changed in dependency order,
/// record each outcome and announce it. One image failing never stops the others, only its dependents.
/// </summary>
public sealed class BuildCycle(
    CatalogReader catalogReader,
    BuildPlanner planner,
    ImageBuilder imageBuilder,
    BuildHistory history,
    PlatformRegistry registry,
    IBus bus,
    TimeProvider time,
    ILogger<BuildCycle> logger)
{
    public static readonly ActivitySource Telemetry = new("Platform.Builder");

    /// <summary>Runs the cycle; returns the number of builds that failed (spec problems wait for a new commit).</summary>
    public async Task<int> RunAsync(string commit, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.StartActivity($"commit {BuildPlanner.Short(commit)}", ActivityKind.Internal);
        activity?.SetTag("vcs.commit", commit);
        var correlationId = NewId.NextGuid();
        activity?.SetTag("platform.correlation_id", correlationId);

        var catalog = await catalogReader.ReadAsync(commit, cancellationToken);
        var failures = 0;
        foreach (var problem in catalog.Problems)
        {
            logger.LogError("Image {Image} is skipped at {Commit}: {Problem}", problem.Image, BuildPlanner.Short(commit), problem);
            await bus.Publish(new ImageBuildFailed(correlationId, problem.Image, commit, BuildFailure.Spec, problem.ToString(), [], time.GetUtcNow()), cancellationToken);
        }

        var plan = await planner.PlanAsync(catalog, cancellationToken);
        if (plan.Builds.Count == 0)
        {
            logger.LogInformation("Commit {Commit}: no image changed", BuildPlanner.Short(commit));
            return failures;
        }

        logger.LogInformation("Commit {Commit}: {Count} image(s) to build: {Images}", BuildPlanner.Short(commit), plan.Builds.Count,
            string.Join(", ", plan.Builds.Select(b => $"{b.Image.Spec.Name} ({b.Reason})")));
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var build in plan.Builds)
        {
            if (!await BuildOneAsync(build, commit, correlationId, failed, cancellationToken))
            {
                failed.Add(build.Image.Spec.Name);
                failures++;
            }
        }

        return failures;
    }

    private async Task<bool> BuildOneAsync(
        PlannedBuild build, string commit, Guid correlationId, IReadOnlySet<string> failedSoFar, CancellationToken cancellationToken)
    {
        var image = build.Image.Spec.Name;
        using var activity = Telemetry.StartActivity($"build {image}");
        activity?.SetTag("platform.image", image);
        var started = time.GetUtcNow();
        try
        {
            if (build.CatalogueBases.FirstOrDefault(b => failedSoFar.Contains(b.Name)) is { } failedBase)
            {
                throw new BuildFailure(BuildFailure.Base, $"{image}: not built because its base image {failedBase.Name} failed", []);
            }

            logger.LogInformation("Building {Image} at {Commit} because {Reason}", image, BuildPlanner.Short(commit), build.Reason);
            var digest = await imageBuilder.BuildAndPushAsync(build, commit, cancellationToken);
            var finished = time.GetUtcNow();
            await history.RecordAsync(new BuildRecord(image, commit, correlationId, BuildOutcome.Succeeded, build.Reason, digest, null, null, started, finished), cancellationToken);
            await bus.Publish(new ImagePushed(correlationId, image, registry.Host, ImageBuilder.TagsFor(commit), digest, commit, finished), cancellationToken);
            logger.LogInformation("Built and pushed {Image} at {Commit} as {Digest} in {Seconds:F1} s", image, BuildPlanner.Short(commit), digest, (finished - started).TotalSeconds);
            return true;
        }
        catch (BuildFailure failure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            logger.LogError("Build of {Image} at {Commit} failed in stage {Stage}: {Error}\n{LogTail}",
                image, BuildPlanner.Short(commit), failure.Stage, failure.Message, string.Join('\n', failure.LogTail));
            var finished = time.GetUtcNow();
            await history.RecordAsync(new BuildRecord(image, commit, correlationId, BuildOutcome.Failed, build.Reason, null, failure.Stage, failure.Message, started, finished), cancellationToken);
            await bus.Publish(new ImageBuildFailed(correlationId, image, commit, failure.Stage, failure.Message, failure.LogTail, finished), cancellationToken);
            return false;
        }
    }
}

using System.Diagnostics;
using MassTransit;
using Platform.Builder.History;
using Platform.Builder.Planning;
using Platform.Catalog;
using Platform.Catalog.Planning;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Building;

/// <summary>
/// One pass over a commit: plan, then build and push wave after wave, so that an image is built only
/// after the bases it starts from were pushed, and from the digests just pushed. Each outcome is
/// recorded and announced; one image failing never stops the others, only its dependents.
/// </summary>
public sealed class BuildCycle(
    CommitPlanner planner,
    ImageBuilder imageBuilder,
    BuildHistory history,
    CatalogProblemReporter problems,
    PlatformRegistry registry,
    IBus bus,
    TimeProvider time,
    ILogger<BuildCycle> logger)
{
    public static readonly ActivitySource Telemetry = new("Platform.Builder");

    /// <summary>Runs the cycle; returns the number of builds that failed (catalogue problems wait for a new commit).</summary>
    public async Task<int> RunAsync(string commit, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.StartActivity($"commit {BuildPlanner.Short(commit)}", ActivityKind.Internal);
        activity?.SetTag("vcs.commit", commit);
        var correlationId = NewId.NextGuid();
        activity?.SetTag("platform.correlation_id", correlationId);

        var (catalog, plan, lastPushed) = await planner.PlanAsync(commit, cancellationToken);
        await problems.ReportAsync(catalog, correlationId, cancellationToken);
        if (plan.Builds.Count == 0)
        {
            logger.LogInformation("Commit {Commit}: no image to build ({Images} images in the catalogue)", BuildPlanner.Short(commit), catalog.Images.Count);
            return 0;
        }

        logger.LogInformation("Commit {Commit}: {Count} image(s) to build in {Waves} wave(s): {Images}", BuildPlanner.Short(commit), plan.Builds.Count,
            plan.Waves.Count(), string.Join("; ", plan.Builds.Select(b => $"[{b.Wave}] {b.Image.Spec.Name}: {b.Reason}")));
        var pushed = new Dictionary<string, PushedImage>(lastPushed, StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var wave in plan.Waves)
        {
            foreach (var build in wave)
            {
                var built = await BuildOneAsync(build, commit, correlationId, pushed, failed, cancellationToken);
                if (built is null)
                {
                    failed.Add(build.Image.Spec.Name);
                }
                else
                {
                    pushed[build.Image.Spec.Name] = new PushedImage(built.Digest, built.Platforms);
                }
            }
        }

        return failed.Count;
    }

    private async Task<BuiltImage?> BuildOneAsync(
        PlannedBuild build, string commit, Guid correlationId, IReadOnlyDictionary<string, PushedImage> pushed, IReadOnlySet<string> failedSoFar, CancellationToken cancellationToken)
    {
        var image = build.Image.Spec.Name;
        using var activity = Telemetry.StartActivity($"build {image}");
        activity?.SetTag("platform.image", image);
        activity?.SetTag("platform.wave", build.Wave);
        var started = time.GetUtcNow();
        try
        {
            if (build.CatalogueBases.FirstOrDefault(b => failedSoFar.Contains(b.Name)) is { } failedBase)
            {
                throw new BuildFailure(BuildFailure.Base, $"{image}: not built because its base image {failedBase.Name} failed", []);
            }

            logger.LogInformation("Building {Image} at {Commit} (wave {Wave}) because {Reason}", image, BuildPlanner.Short(commit), build.Wave, build.Reason);
            var built = await imageBuilder.BuildAndPushAsync(build, commit, pushed, cancellationToken);
            var finished = time.GetUtcNow();
            await history.RecordAsync(
                new BuildRecord(image, commit, correlationId, BuildOutcome.Succeeded, build.Reason, built.Digest, null, null, started, finished)
                {
                    Inputs = build.Image.Inputs,
                    BaseDigests = built.BaseDigests,
                    Platforms = built.Platforms,
                },
                cancellationToken);
            await bus.Publish(new ImagePushed(correlationId, image, registry.Host, built.Tags, built.Digest, commit, finished, built.Platforms), cancellationToken);
            logger.LogInformation("Built and pushed {Image} at {Commit} as {Digest} in {Seconds:F1} s", image, BuildPlanner.Short(commit), built.Digest, (finished - started).TotalSeconds);
            return built;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong with this image, the other images of the cycle go on.
            var failure = e as BuildFailure ?? new BuildFailure(BuildFailure.Build, $"{image}: the build failed unexpectedly: {e.Message}", [], e);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            logger.LogError("Build of {Image} at {Commit} failed in stage {Stage}: {Error}\n{LogTail}",
                image, BuildPlanner.Short(commit), failure.Stage, failure.Message, string.Join('\n', failure.LogTail));
            var finished = time.GetUtcNow();
            await history.RecordAsync(new BuildRecord(image, commit, correlationId, BuildOutcome.Failed, build.Reason, null, failure.Stage, failure.Message, started, finished), cancellationToken);
            await bus.Publish(new ImageBuildFailed(correlationId, image, commit, failure.Stage, failure.Message, failure.LogTail, finished, failure.Platform), cancellationToken);
            return null;
        }
    }
}

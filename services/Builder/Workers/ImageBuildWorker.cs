using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Builder.Leases;
using Platform.Builder.Workers.Building;
using Platform.Catalog.Planning;
using Platform.Contracts;
using Platform.Registry;
using Platform.ServiceDefaults.Faults;

namespace Platform.Builder.Workers;

/// <summary>
/// Runs one build command on this instance's engine as one attempt at its build key: reports the start,
/// builds (or, when an earlier attempt pushed the key and stopped before announcing it, finishes its tags)
/// and answers with ImagePushed or ImageBuildFailed.
/// </summary>
public sealed class ImageBuildWorker(
    WorkerCatalog catalog,
    ImageBuilder builder,
    RunningBuilds running,
    Logs.BuildLogStore logs,
    PlatformRegistry registry,
    IPublishEndpoint publisher,
    IOptions<BuilderOptions> options,
    IOptions<Platform.Catalog.CatalogOptions> catalogOptions,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ImageBuildWorker> logger)
{
    /// <param name="redelivered">The broker handed the command out before, to an instance that stopped before it finished.</param>
    public async Task RunAsync(BuildImage command, bool redelivered, CancellationToken cancellationToken)
    {
        using var activity = BuilderTelemetry.Source.StartActivity($"build {command.Image}");
        activity?.SetTag("platform.image", command.Image);
        activity?.SetTag("vcs.commit", command.Commit);
        activity?.SetTag("platform.redelivered", redelivered);
        var instance = options.Value.InstanceName;
        // A command from a coordinator that names no key: the commit fixes the inputs, the pins fix the bases.
        var key = command.BuildKey ?? BuildKey.Of(command.Image, command.Commit, "", command.Bases, command.Upstream ?? []);
        using var claim = await running.ClaimAsync(key, cancellationToken);
        var attempt = new BuildAttempt(key, NewId.NextGuid());
        await publisher.Publish(
            new ImageBuildStarted(command.CorrelationId, command.Image, command.Commit, key, attempt.AttemptId, instance, time.GetUtcNow(), redelivered), cancellationToken);
        if (redelivered)
        {
            logger.LogWarning("{Instance} takes over the build of {Image} at {Commit}: the instance that had it stopped before it finished",
                instance, command.Image, BuildPlanner.Short(command.Commit));
        }

        // The attempt's log exists from its start, so an attempt interrupted before its build began still has one.
        AppendToLog(command, attempt, $"attempt {attempt.AttemptId} started on {instance}{(redelivered ? ", taking over from an instance that stopped" : "")}");

        // A stopping instance stops its build at once (a build may take many minutes) and hands the command back.
        var stopping = lifetime.ApplicationStopping;
        using var build = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var source = running.Start(command.Image, build.Token);
        try
        {
            var images = await catalog.AtAsync(command.Commit, source.Token);
            var image = images.Find(command.Image)
                ?? throw new BuildFailure(BuildFailureStage.Spec, $"{command.Image} is not in the catalogue at {BuildPlanner.Short(command.Commit)}", []);
            var planned = new PlannedBuild(image, command.Wave, command.Reasons, images.CatalogueBases(command.Image));
            var bases = command.Bases.ToDictionary(b => b.Image, b => new PushedImage(b.Digest, b.Platforms), StringComparer.Ordinal);
            logger.LogInformation("{Instance} builds {Image} at {Commit} (wave {Wave}) because {Reason}", instance, command.Image, BuildPlanner.Short(command.Commit), command.Wave, planned.Reason);
            var upstream = (command.Upstream ?? []).ToDictionary(u => u.Reference, u => u.Digest, StringComparer.Ordinal);
            var revision = command.RefTags is { } refTags ? new RevisionTags(command.Ref ?? catalogOptions.Value.Ref, refTags) : null;
            var built = await builder.BuildAndPushAsync(planned, command.Commit, bases, attempt, source.Token, upstream, revision);
            Failpoints.Crash("builder.pushed");
            await publisher.Publish(
                new ImagePushed(command.CorrelationId, command.Image, registry.Host, built.Tags, built.Digest, command.Commit, time.GetUtcNow(), built.Platforms, instance,
                    key, attempt.AttemptId, built.Resumed),
                cancellationToken);
        }
        catch (Exception) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Instance} is stopping: attempt {Attempt} at {Image} for {Commit} is interrupted; the command goes back to the queue",
                instance, attempt.AttemptId, command.Image, BuildPlanner.Short(command.Commit));
            AppendToLog(command, attempt, $"interrupted: {instance} is stopping; the command goes back to the queue for another attempt");
            // MassTransit returns a message to the queue when its consume is cancelled by the stop (Messaging: ConsumerStopTimeout).
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = e switch
            {
                BuildFailure known => known,
                OperationCanceledException => new BuildFailure(BuildFailureStage.Cancelled, $"{command.Image}: the build was cancelled", []),
                _ => new BuildFailure(BuildFailureStage.Build, $"{command.Image}: the build failed unexpectedly: {e.Message}", [], e),
            };
            logger.LogError(failure is { InnerException: { } inner } && e is not BuildFailure ? inner : null,
                "{Instance}: build of {Image} at {Commit} failed in stage {Stage}: {Error}\n{LogTail}",
                instance, command.Image, BuildPlanner.Short(command.Commit), failure.Stage.ToName(), failure.Message, string.Join('\n', failure.LogTail));
            await publisher.Publish(
                new ImageBuildFailed(command.CorrelationId, command.Image, command.Commit, failure.Stage, failure.Message, failure.LogTail, time.GetUtcNow(), failure.Platform, instance,
                    key, attempt.AttemptId),
                cancellationToken);
        }
        finally
        {
            running.Finish(command.Image, source);
            source.Dispose();
        }
    }

    private void AppendToLog(BuildImage command, BuildAttempt attempt, string line)
    {
        try
        {
            using var log = logs.Open(command.Image, command.Commit, attempt.AttemptId);
            log.Write(null, line);
        }
        catch (IOException e)
        {
            logger.LogWarning("The log of attempt {Attempt} at {Image} could not be written: {Error}", attempt.AttemptId, command.Image, e.Message);
        }
    }
}

using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Builder.Building;
using Platform.Builder.Planning;
using Platform.Catalog.Planning;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Workers;

/// <summary>Runs one build command on this instance's engine and answers with ImagePushed or ImageBuildFailed.</summary>
public sealed class ImageBuildWorker(
    WorkerCatalog catalog,
    ImageBuilder builder,
    RunningBuilds running,
    PlatformRegistry registry,
    IPublishEndpoint publisher,
    IOptions<BuilderOptions> options,
    TimeProvider time,
    ILogger<ImageBuildWorker> logger)
{
    public async Task RunAsync(BuildImage command, CancellationToken cancellationToken)
    {
        var instance = options.Value.InstanceName;
        var source = running.Start(command.Image, cancellationToken);
        try
        {
            var image = (await catalog.AtAsync(command.Commit, source.Token)).Find(command.Image)
                ?? throw new BuildFailure(BuildFailure.Spec, $"{command.Image} is not in the catalogue at {BuildPlanner.Short(command.Commit)}", []);
            var planned = new PlannedBuild(image, command.Wave, command.Reasons,
                (await catalog.AtAsync(command.Commit, source.Token)).CatalogueBases(command.Image));
            var bases = command.Bases.ToDictionary(b => b.Image, b => new PushedImage(b.Digest, b.Platforms), StringComparer.Ordinal);
            logger.LogInformation("{Instance} builds {Image} at {Commit} (wave {Wave}) because {Reason}", instance, command.Image, BuildPlanner.Short(command.Commit), command.Wave, planned.Reason);
            var upstream = (command.Upstream ?? []).ToDictionary(u => u.Reference, u => u.Digest, StringComparer.Ordinal);
            var built = await builder.BuildAndPushAsync(planned, command.Commit, bases, source.Token, upstream);
            await publisher.Publish(
                new ImagePushed(command.CorrelationId, command.Image, registry.Host, built.Tags, built.Digest, command.Commit, time.GetUtcNow(), built.Platforms, instance),
                cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = e switch
            {
                BuildFailure known => known,
                OperationCanceledException => new BuildFailure(BuildFailure.Cancelled, $"{command.Image}: the build was cancelled", []),
                _ => new BuildFailure(BuildFailure.Build, $"{command.Image}: the build failed unexpectedly: {e.Message}", [], e),
            };
            logger.LogError("{Instance}: build of {Image} at {Commit} failed in stage {Stage}: {Error}\n{LogTail}",
                instance, command.Image, BuildPlanner.Short(command.Commit), failure.Stage, failure.Message, string.Join('\n', failure.LogTail));
            await publisher.Publish(
                new ImageBuildFailed(command.CorrelationId, command.Image, command.Commit, failure.Stage, failure.Message, failure.LogTail, time.GetUtcNow(), failure.Platform, instance),
                cancellationToken);
        }
        finally
        {
            running.Finish(command.Image, source);
            source.Dispose();
        }
    }
}

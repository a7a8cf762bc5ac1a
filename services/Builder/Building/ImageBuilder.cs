using Microsoft.Extensions.Options;
using Platform.Builder.Logs;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Planning;
using Platform.Catalog.Specs;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Building;

/// <summary>The outcome of one image's build: the index digest every tag points at, its platforms, and the bases it started from.</summary>
public sealed record BuiltImage(string Digest, IReadOnlyList<PlatformImage> Platforms, IReadOnlyDictionary<string, string> BaseDigests, IReadOnlyList<string> Tags);

/// <summary>
/// Builds one image of a commit for each of its platforms (in parallel up to Builder:MaxParallelPlatforms),
/// from the build context at that commit (.dockerignore applied, catalogue bases pinned to their pushed
/// digests), verifies and tests every platform, and only then pushes one multi-platform index per tag.
/// </summary>
public sealed class ImageBuilder(
    GitRepository repository,
    PlatformBuilder platformBuilder,
    IndexPublisher publisher,
    PlatformRegistry registry,
    BuildLogStore logs,
    IOptions<BuilderOptions> options)
{
    public static IReadOnlyList<string> TagsFor(CatalogImage image, string commit) =>
        ["latest", $"sha-{BuildPlanner.Short(commit)}", .. image.Spec.Tags.Append(image.Version).OfType<string>().Where(t => t != "latest").Distinct()];

    /// <param name="pushedDigests">The digest each catalogue image was last pushed as, this cycle's pushes included.</param>
    public async Task<BuiltImage> BuildAndPushAsync(
        PlannedBuild build, string commit, IReadOnlyDictionary<string, string> pushedDigests, CancellationToken cancellationToken)
    {
        var spec = build.Image.Spec;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.BuildTimeout);
        using var log = logs.Open(spec.Name, commit);
        try
        {
            var bases = build.CatalogueBases.ToDictionary(
                b => b.Name,
                b => pushedDigests.GetValueOrDefault(b.Name) ?? throw new BuildFailure(BuildFailure.Base,
                    $"{spec.Name}: its base image {b.Name} ({spec.DockerfilePath}:{b.Reference.Line}) has not been pushed yet", []),
                StringComparer.Ordinal);
            var pins = build.CatalogueBases.Select(b => (b.Reference, registry.Reference(b.Name, bases[b.Name]))).ToList();
            await using var folder = await repository.ArchiveAsync(commit, spec.Context, timeout.Token);
            await using var pinned = await BuildContextArchive.CreateAsync(folder, spec.DockerfileInContext, text => DockerfilePinning.Pin(text, pins), timeout.Token);
            var context = pinned.ToArray();

            var platforms = spec.Platforms.Select(TargetPlatform.Parse).ToList();
            log.Write(null, $"building {spec.Name} at {commit[..12]} for {string.Join(", ", platforms)}: {build.Reason}");
            var results = await BuildPlatformsAsync(build, commit, platforms, context, log, timeout.Token);

            var tags = TagsFor(build.Image, commit);
            var (digest, published) = await publisher.PublishAsync(spec.Name, results, tags, log, timeout.Token);
            return new BuiltImage(digest, published, bases, tags);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BuildFailure(BuildFailure.Build,
                $"{spec.Name}: the build did not finish within Builder:BuildTimeout ({options.Value.BuildTimeout})", []);
        }
        catch (BuildFailure failure)
        {
            log.Write(failure.Platform, $"failed in stage {failure.Stage}: {failure.Message}");
            throw;
        }
    }

    /// <summary>Every platform, in parallel up to the limit; the first failure cancels the others and nothing is pushed.</summary>
    private async Task<IReadOnlyList<PlatformResult>> BuildPlatformsAsync(
        PlannedBuild build, string commit, IReadOnlyList<TargetPlatform> platforms, byte[] context, BuildLogWriter log, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.Value.MaxParallelPlatforms);
        var builds = platforms.Select(async platform =>
        {
            await slots.WaitAsync(failed.Token);
            try
            {
                return await platformBuilder.BuildAsync(build, commit, platform, context, log, failed.Token);
            }
            catch (BuildFailure)
            {
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        try
        {
            return await Task.WhenAll(builds);
        }
        catch (Exception) when (builds.FirstOrDefault(b => b.IsFaulted && b.Exception?.InnerException is BuildFailure) is { } first)
        {
            throw first.Exception!.InnerException!;
        }
    }
}

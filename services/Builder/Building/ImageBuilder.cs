using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Planning;
using Platform.Catalog.Specs;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Builder.Building;

/// <summary>The outcome of one image's build: the digest every tag points at, and the digests of the bases it started from.</summary>
public sealed record BuiltImage(string Digest, IReadOnlyDictionary<string, string> BaseDigests);

/// <summary>
/// Builds one image of a commit through the Docker Engine API, from the build context at that commit
/// (filtered by .dockerignore, catalogue bases pinned to their pushed digests), and pushes its tags.
/// </summary>
public sealed class ImageBuilder(
    IDockerClient docker,
    GitRepository repository,
    PlatformRegistry registry,
    IOptions<CatalogOptions> catalogOptions,
    IOptions<BuilderOptions> options,
    ILogger<ImageBuilder> logger)
{
    public static IReadOnlyList<string> TagsFor(ImageSpec spec, string commit) =>
        ["latest", $"sha-{BuildPlanner.Short(commit)}", .. spec.Tags.Where(t => t != "latest")];

    /// <param name="pushedDigests">The digest each catalogue image was last pushed as, this cycle's pushes included.</param>
    public async Task<BuiltImage> BuildAndPushAsync(
        PlannedBuild build, string commit, IReadOnlyDictionary<string, string> pushedDigests, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.BuildTimeout);
        try
        {
            var bases = build.CatalogueBases.ToDictionary(
                b => b.Name,
                b => pushedDigests.GetValueOrDefault(b.Name) ?? throw new BuildFailure(BuildFailure.Base,
                    $"{build.Image.Spec.Name}: its base image {b.Name} ({build.Image.Spec.DockerfilePath}:{b.Reference.Line}) has not been pushed yet", []),
                StringComparer.Ordinal);
            var imageId = await BuildAsync(build, commit, bases, timeout.Token);
            var digest = await PushAsync(build.Image.Spec, imageId, commit, timeout.Token);
            return new BuiltImage(digest, bases);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BuildFailure(BuildFailure.Build,
                $"{build.Image.Spec.Name}: the build did not finish within Builder:BuildTimeout ({options.Value.BuildTimeout})", []);
        }
    }

    private async Task<string> BuildAsync(PlannedBuild build, string commit, IReadOnlyDictionary<string, string> bases, CancellationToken cancellationToken)
    {
        var spec = build.Image.Spec;
        var log = new EngineLog(line => logger.LogInformation("{Image} | {Line}", spec.Name, line));
        var pins = build.CatalogueBases
            .Select(b => (b.Reference, registry.Reference(b.Name, bases[b.Name])))
            .ToList();
        await using var folder = await repository.ArchiveAsync(commit, spec.Context, cancellationToken);
        await using var context = await BuildContextArchive.CreateAsync(
            folder, spec.DockerfileInContext, text => DockerfilePinning.Pin(text, pins), cancellationToken);
        var parameters = new ImageBuildParameters
        {
            Dockerfile = spec.DockerfileInContext,
            Tags = [.. TagsFor(spec, commit).Select(tag => $"{registry.Host}/{spec.Name}:{tag}")],
            BuildArgs = new Dictionary<string, string>(BuildArguments.For(spec, catalogOptions.Value.BuildArgs)),
            Labels = new Dictionary<string, string>
            {
                ["org.opencontainers.image.revision"] = commit,
                ["org.opencontainers.image.title"] = spec.Name,
                ["dev.platform.image"] = spec.Name,
            },
            Remove = true,
            ForceRemove = true,
        };

        try
        {
            await docker.Images.BuildImageFromDockerfileAsync(
                parameters, context, [], new Dictionary<string, string>(), log, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new BuildFailure(BuildFailure.Build, $"{spec.Name}: the engine refused the build: {ImageTransfers.Message(e)}", log.Tail, e);
        }

        if (log.Error is { } error)
        {
            var hint = error.Contains("pull access denied", StringComparison.Ordinal) || error.Contains("No such image", StringComparison.Ordinal)
                ? " (without Docker Hub, scripts/bootstrap-root-image.sh makes the local root image; see README)"
                : "";
            throw new BuildFailure(BuildFailure.Build, $"{spec.Name}: docker build failed: {error}{hint}", log.Tail);
        }

        return log.AuxValue("ID") ?? $"{registry.Host}/{spec.Name}:latest";
    }

    private async Task<string> PushAsync(ImageSpec spec, string imageId, string commit, CancellationToken cancellationToken)
    {
        var repositoryName = $"{registry.Host}/{spec.Name}";
        string? digest = null;
        foreach (var tag in TagsFor(spec, commit))
        {
            var log = new EngineLog();
            try
            {
                var pushed = await docker.PushAsync(repositoryName, tag, log, cancellationToken);
                if (digest is not null && pushed != digest)
                {
                    throw new BuildFailure(BuildFailure.Push,
                        $"{spec.Name}: tag {tag} was pushed as {pushed} but the other tags as {digest}; another push raced this one", log.Tail);
                }

                digest = pushed;
            }
            catch (EngineException e)
            {
                throw new BuildFailure(BuildFailure.Push, $"{spec.Name}: {e.Message} (registry {registry.Host})", e.LogTail, e);
            }
        }

        logger.LogInformation("Pushed {Image} ({ImageId}) as {Digest} to {Registry}", spec.Name, imageId, digest, registry.Host);
        return digest!;
    }
}

using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Builder.History;
using Platform.Builder.Planning;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Builder.Building;

/// <summary>Builds one image of a commit through the Docker Engine API and pushes its tags to the registry.</summary>
public sealed class ImageBuilder(
    IDockerClient docker,
    GitRepository repository,
    CatalogReader catalogReader,
    BuildHistory history,
    PlatformRegistry registry,
    IOptions<BuilderOptions> options,
    ILogger<ImageBuilder> logger)
{
    public static IReadOnlyList<string> TagsFor(string commit) => ["latest", $"sha-{BuildPlanner.Short(commit)}"];

    /// <summary>Builds and pushes; returns the digest every tag now points at.</summary>
    public async Task<string> BuildAndPushAsync(PlannedBuild build, string commit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.BuildTimeout);
        try
        {
            await PrepareCatalogueBasesAsync(build, timeout.Token);
            var imageId = await BuildAsync(build, commit, timeout.Token);
            return await PushAsync(build.Image.Spec.Name, imageId, commit, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BuildFailure(BuildFailure.Build,
                $"{build.Image.Spec.Name}: the build did not finish within Builder:BuildTimeout ({options.Value.BuildTimeout})", []);
        }
    }

    /// <summary>
    /// A catalogue base is used at the digest it was last pushed with: pulled from the registry and
    /// tagged as the Dockerfile names it, so that the build never uses a stale local copy.
    /// </summary>
    private async Task PrepareCatalogueBasesAsync(PlannedBuild build, CancellationToken cancellationToken)
    {
        foreach (var (baseName, reference) in build.CatalogueBases)
        {
            var last = await history.LastSuccessAsync(baseName, cancellationToken)
                ?? throw new BuildFailure(BuildFailure.Base,
                    $"{build.Image.Spec.Name}: its base image {baseName} ({build.Image.Spec.Folder}/{build.Image.Spec.Dockerfile}:{reference.Line}) has not been pushed yet", []);
            var log = new EngineLog();
            try
            {
                var repositoryName = $"{registry.Host}/{baseName}";
                await docker.PullAsync(repositoryName, last.Digest!, log, cancellationToken);
                var (name, tag) = SplitTag(reference.Reference);
                await docker.Images.TagImageAsync($"{repositoryName}@{last.Digest}",
                    new ImageTagParameters { RepositoryName = name, Tag = tag, Force = true }, cancellationToken);
            }
            catch (Exception e) when (e is EngineException or DockerApiException)
            {
                throw new BuildFailure(BuildFailure.Base, $"{build.Image.Spec.Name}: its base image {baseName}@{last.Digest} could not be prepared: {e.Message}", log.Tail, e);
            }
        }
    }

    private async Task<string> BuildAsync(PlannedBuild build, string commit, CancellationToken cancellationToken)
    {
        var spec = build.Image.Spec;
        var log = new EngineLog(line => logger.LogInformation("{Image} | {Line}", spec.Name, line));
        await using var context = await repository.ArchiveAsync(commit, spec.Folder, cancellationToken);
        var parameters = new ImageBuildParameters
        {
            Dockerfile = spec.Dockerfile,
            Tags = [.. TagsFor(commit).Select(tag => $"{registry.Host}/{spec.Name}:{tag}")],
            BuildArgs = new Dictionary<string, string>(catalogReader.BuildArgsOf(spec)),
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

    private async Task<string> PushAsync(string image, string imageId, string commit, CancellationToken cancellationToken)
    {
        var repositoryName = $"{registry.Host}/{image}";
        string? digest = null;
        foreach (var tag in TagsFor(commit))
        {
            var log = new EngineLog();
            try
            {
                var pushed = await docker.PushAsync(repositoryName, tag, log, cancellationToken);
                if (digest is not null && pushed != digest)
                {
                    throw new BuildFailure(BuildFailure.Push,
                        $"{image}: tag {tag} was pushed as {pushed} but the other tags as {digest}; another push raced this one", log.Tail);
                }

                digest = pushed;
            }
            catch (EngineException e)
            {
                throw new BuildFailure(BuildFailure.Push, $"{image}: {e.Message} (registry {registry.Host})", e.LogTail, e);
            }
        }

        logger.LogInformation("Pushed {Image} ({ImageId}) as {Digest} to {Registry}", image, imageId, digest, registry.Host);
        return digest!;
    }

    private static (string Name, string Tag) SplitTag(string reference)
    {
        var withoutDigest = reference.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? (withoutDigest[..colon], withoutDigest[(colon + 1)..]) : (withoutDigest, "latest");
    }
}

using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Planning;
using Platform.Builder.Logs;
using Platform.Builder.Workers.Publishing;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Planning;
using Platform.Catalog.Specs;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Workers.Building;

/// <summary>
/// The outcome of one image's build: the index digest every tag points at, its platforms, and the bases it started from;
/// <paramref name="Resumed"/> when an earlier attempt at the same build key had pushed it and this one only finished the tags.
/// </summary>
public sealed record BuiltImage(
    string Digest, IReadOnlyList<PlatformImage> Platforms, IReadOnlyDictionary<string, string> BaseDigests, IReadOnlyList<string> Tags, bool Resumed = false);

/// <summary>One attempt at a build key: the key is written into the index, the attempt id names the log.</summary>
public sealed record BuildAttempt(string BuildKey, Guid AttemptId);

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
    UpstreamResolver upstreamResolver,
    IOptions<CatalogOptions> catalogOptions,
    IOptions<BuilderOptions> options)
{
    /// <param name="refTags">The tags of the revision the build was planned for (null: <c>latest</c>, as a coordinator that names none means).</param>
    public static IReadOnlyList<string> TagsFor(CatalogImage image, string commit, IReadOnlyList<string>? refTags = null) =>
        [.. (refTags ?? ["latest"]).Append(CommitTag(commit)).Concat(image.Spec.Tags.Append(image.Version).OfType<string>().Where(t => t != "latest")).Distinct(StringComparer.Ordinal)];

    /// <summary>The tag of the commit's own image; it carries the build key, so it is put first.</summary>
    public static string CommitTag(string commit) => $"sha-{BuildPlanner.Short(commit)}";

    /// <param name="pushed">What each catalogue image was last pushed as, this cycle's pushes included.</param>
    /// <param name="upstream">Upstream images the build starts from, by reference, with the digest the watcher announced.</param>
    /// <param name="attempt">The attempt's key and id; a key already pushed (by an attempt that stopped before it announced it, or
    /// before a branch moved away and back) is not built again: its index gets the tags.</param>
    public async Task<BuiltImage> BuildAndPushAsync(
        PlannedBuild build, string commit, IReadOnlyDictionary<string, PushedImage> pushed, BuildAttempt attempt, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? upstream = null, RevisionTags? revision = null)
    {
        var spec = build.Image.Spec;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.BuildTimeout);
        using var log = logs.Open(spec.Name, commit, attempt.AttemptId);
        var tags = TagsFor(build.Image, commit, revision?.Tags);
        try
        {
            var bases = build.CatalogueBases.ToDictionary(
                b => b.Name,
                b => pushed.GetValueOrDefault(b.Name) ?? throw new BuildFailure(BuildFailureStage.Base,
                    $"{spec.Name}: its base image {b.Name} ({spec.DockerfilePath}:{b.Reference.Line}) has not been pushed yet", []),
                StringComparer.Ordinal);
            var baseDigests = bases.ToDictionary(b => b.Key, b => b.Value.Digest, StringComparer.Ordinal);
            var commitTag = CommitTag(commit);
            if (await publisher.FindPublishedAsync(spec.Name, commitTag, commit, attempt.BuildKey, timeout.Token) is { } earlier)
            {
                log.Write(null, $"{spec.Name}:{commitTag} is {earlier.Digest}, pushed for this very build ({attempt.BuildKey}) by an earlier attempt: setting its tags, not building it again");
                await publisher.TagAsync(spec.Name, earlier, tags, other => IsNewerAsync(commit, other, revision?.Ref, timeout.Token), log, timeout.Token);
                return new BuiltImage(earlier.Digest, earlier.Platforms, baseDigests, tags, Resumed: true);
            }

            await using var folder = await repository.ArchiveAsync(commit, spec.Context, timeout.Token);
            var context = await BuildContextArchive.CreateAsync(folder, spec.DockerfileInContext, timeout.Token);

            var platforms = spec.Platforms.Select(TargetPlatform.Parse).ToList();
            log.Write(null, $"building {spec.Name} at {commit[..12]} for {string.Join(", ", platforms)}: {build.Reason}");
            var results = await BuildPlatformsAsync(build, commit, platforms, platform => RenderAsync(build, commit, context, bases, upstream ?? new Dictionary<string, string>(), platform, timeout.Token), log, timeout.Token);

            var published = await publisher.PublishAsync(
                spec.Name, commit, attempt.BuildKey, results, tags, other => IsNewerAsync(commit, other, revision?.Ref, timeout.Token), log, timeout.Token);
            return new BuiltImage(published.Digest, published.Platforms, baseDigests, tags);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BuildFailure(BuildFailureStage.Build,
                $"{spec.Name}: the build did not finish within Builder:BuildTimeout ({options.Value.BuildTimeout})", []);
        }
        catch (BuildFailure failure)
        {
            log.Write(failure.Platform, $"failed in stage {failure.Stage.ToName()}: {failure.Message}");
            throw;
        }
    }

    /// <summary>
    /// True when <paramref name="other"/> is a different commit that descends from <paramref name="commit"/> and is
    /// still part of the followed branch. A branch reset to an older commit (a rollback by force push) is not newer;
    /// nor is anything for a release tag's build: a tag that was rewritten moves its image tag wherever it now points.
    /// </summary>
    private async Task<bool> IsNewerAsync(string commit, string other, string? followedRef, CancellationToken cancellationToken)
    {
        if (other == commit || followedRef?.StartsWith("refs/tags/", StringComparison.Ordinal) == true
            || !await repository.ContainsCommitAsync(other, cancellationToken))
        {
            return false;
        }

        if (await new FollowedRevision(followedRef ?? catalogOptions.Value.Ref).ResolveCommitAsync(repository, cancellationToken) is not { } head)
        {
            return false;
        }

        var (descends, _) = await repository.TryRunAsync(["merge-base", "--is-ancestor", commit, other], cancellationToken);
        var (onBranch, _) = await repository.TryRunAsync(["merge-base", "--is-ancestor", other, head], cancellationToken);
        return descends == 0 && onBranch == 0;
    }

    /// <summary>
    /// The context for one platform: each catalogue base pinned to its manifest for that platform, so that
    /// the engine never builds from another platform's pull of the same index; a base without that
    /// platform fails before anything is built.
    /// </summary>
    private async Task<byte[]> RenderAsync(
        PlannedBuild build, string commit, BuildContextArchive.Template context, IReadOnlyDictionary<string, PushedImage> bases,
        IReadOnlyDictionary<string, string> upstream, TargetPlatform platform, CancellationToken cancellationToken)
    {
        var pins = new List<(Catalog.Dockerfiles.BaseImageReference, string)>();
        foreach (var catalogueBase in build.CatalogueBases)
        {
            var pushed = bases[catalogueBase.Name];
            var digest = pushed.DigestFor(platform.ToString()) ?? throw new BuildFailure(BuildFailureStage.Verify,
                $"{build.Image.Spec.Name} for {platform}: its base image {catalogueBase.Name} has no {platform} variant " +
                $"(it was pushed for {string.Join(", ", pushed.Platforms.Select(p => p.Platform))})", [], null, platform.ToString());
            pins.Add((catalogueBase.Reference, registry.Reference(catalogueBase.Name, digest)));
        }

        foreach (var reference in build.Image.BaseImages.Where(b => upstream.ContainsKey(b.Reference)))
        {
            var pinned = await upstreamResolver.PinAsync(reference.Reference, upstream[reference.Reference], platform, cancellationToken) ?? throw new BuildFailure(BuildFailureStage.Verify,
                $"{build.Image.Spec.Name} for {platform}: its upstream image {reference.Reference} has no {platform} variant", [], null, platform.ToString());
            pins.Add((reference, pinned));
        }

        var dockerfile = BuildLabels.Append(DockerfilePinning.Pin(context.DockerfileText, pins), BuildLabels.For(build.Image.Spec.Name, commit));
        return await context.RenderAsync(dockerfile, cancellationToken);
    }

    /// <summary>Every platform, in parallel up to the limit; the first failure cancels the others and nothing is pushed.</summary>
    private async Task<IReadOnlyList<PlatformResult>> BuildPlatformsAsync(
        PlannedBuild build, string commit, IReadOnlyList<TargetPlatform> platforms, Func<TargetPlatform, Task<byte[]>> context, BuildLogWriter log, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.Value.MaxParallelPlatforms);
        var builds = platforms.Select(async platform =>
        {
            await slots.WaitAsync(failed.Token);
            try
            {
                return await platformBuilder.BuildAsync(build, commit, platform, await context(platform), log, failed.Token);
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
            // The platform that failed first, not the cancellations it caused, with its own stack trace.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first.Exception!.InnerException!);
            throw;
        }
    }
}

/// <summary>The revision a build was planned for: its full ref and the tags that name it (<c>latest</c>, <c>main</c>, <c>v1.2.0</c>).</summary>
public sealed record RevisionTags(string Ref, IReadOnlyList<string> Tags);

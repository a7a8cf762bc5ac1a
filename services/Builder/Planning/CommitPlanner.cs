using Microsoft.Extensions.Options;
using Platform.Builder.History;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;

namespace Platform.Builder.Planning;

/// <summary>
/// Plans commit after commit: keeps the catalogue index of the repository (moved by the diff from the
/// last planned commit, so a small commit costs little in a large monorepo) and compares it with the
/// last successful build of each image. Used by one cycle at a time.
/// </summary>
public sealed class CommitPlanner(GitRepository repository, BuildHistory history, IOptions<CatalogOptions> options)
{
    private readonly CatalogCursor cursor = new(repository, options.Value.ImagesRoot, options.Value.BuildArgs);

    public async Task<CommitPlan> PlanAsync(string commit, CancellationToken cancellationToken)
    {
        var catalog = await cursor.AtAsync(commit, cancellationToken);
        var successes = await history.LastSuccessesAsync(cancellationToken);
        var plan = BuildPlanner.Plan(catalog, name => successes.TryGetValue(name, out var build) ? LastBuildOf(build) : null);
        return new CommitPlan(catalog, plan, successes.ToDictionary(
            s => s.Key, s => new PushedImage(s.Value.Digest!, s.Value.Platforms), StringComparer.Ordinal));
    }

    private static LastBuild LastBuildOf(BuildRecord build) =>
        new(build.Commit, build.Inputs ?? ImageInputs.None, build.BaseDigests, build.Digest);
}

/// <summary>A commit's plan, with the catalogue it came from and what each image last pushed.</summary>
public sealed record CommitPlan(ImageCatalog Catalog, BuildPlan Plan, IReadOnlyDictionary<string, PushedImage> Pushed);

/// <summary>An image as last pushed: its index digest and the manifest digest of each platform.</summary>
public sealed record PushedImage(string Digest, IReadOnlyList<Platform.Contracts.PlatformImage> Platforms)
{
    /// <summary>The digest to build from for one platform: its own manifest, so that the engine never reuses another platform's pull.</summary>
    public string? DigestFor(string platform) =>
        Platforms.Count == 0 ? Digest : Platforms.FirstOrDefault(p => p.Platform == platform)?.Digest;
}

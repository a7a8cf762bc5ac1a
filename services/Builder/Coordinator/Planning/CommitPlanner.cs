using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Upstream;
using Platform.Builder.History;
using Platform.Builder.Workers.Building;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;

namespace Platform.Builder.Coordinator.Planning;

/// <summary>
/// Plans commit after commit: keeps the catalogue index of the repository (moved by the diff from the
/// last planned commit, so a small commit costs little in a large monorepo) and compares it with the
/// last successful build of each image. The index is saved in the builder's data folder, so that a
/// restarted builder moves on from the commit it planned last (written at most every 15 s, and when the builder stops).
/// Used by one cycle at a time.
/// </summary>
public sealed class CommitPlanner(GitRepository repository, BuildHistory history, IOptions<CatalogOptions> options, CatalogIndexStore store)
    : IAsyncDisposable
{
    private readonly CatalogCursor cursor = new(repository, options.Value.ImagesRoot, options.Value.BuildArgs, store);

    /// <summary>How many images the planner analysed since it started (none when a saved index of the commit was loaded).</summary>
    public int ImagesAnalysed => cursor.ImagesAnalysed;

    /// <summary>Saves the index of the last planned commit now; completes when it is written.</summary>
    public Task SavedAsync() => cursor.SavedAsync();

    /// <summary>A builder that stops writes the index of its last planned commit.</summary>
    public ValueTask DisposeAsync() => cursor.DisposeAsync();

    /// <summary>
    /// Loads the saved index, moves it to its commit's parent and back, and plans its commit once, off every commit's path
    /// (<see cref="CatalogCursor.WarmUpAsync"/>): a restarted builder calls it at start, so that its first new commit is
    /// moved from memory by the diff, through code that has run before, like any warm plan. Returns the saved commit, or
    /// null when there was no index to trust.
    /// </summary>
    public async Task<string?> WarmUpAsync(CancellationToken cancellationToken)
    {
        if (await cursor.WarmUpAsync(cancellationToken) is not { } commit)
        {
            return null;
        }

        await PlanAsync(commit, cancellationToken);
        return commit;
    }

    public async Task<CommitPlan> PlanAsync(string commit, CancellationToken cancellationToken)
    {
        var upstream = await history.UpstreamDigestsAsync(cancellationToken);
        var catalog = UpstreamInputs.Add(await cursor.AtAsync(commit, cancellationToken), upstream);
        var successes = await history.LastSuccessesAsync(cancellationToken);
        var plan = BuildPlanner.Plan(catalog, name => successes.TryGetValue(name, out var build) ? UpstreamInputs.LastBuildOf(build, catalog.Find(name), upstream) : null);
        return new CommitPlan(catalog, plan, successes.ToDictionary(
            s => s.Key, s => new PushedImage(s.Value.Digest!, s.Value.Platforms), StringComparer.Ordinal),
            upstream.ToDictionary(u => u.Key, u => u.Value.Digest, StringComparer.Ordinal));
    }
}

/// <summary>A commit's plan, with the catalogue it came from, what each image last pushed, and the upstream digests known.</summary>
public sealed record CommitPlan(
    ImageCatalog Catalog, BuildPlan Plan, IReadOnlyDictionary<string, PushedImage> Pushed, IReadOnlyDictionary<string, string> Upstream);

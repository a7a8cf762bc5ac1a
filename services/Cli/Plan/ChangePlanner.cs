using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;

namespace Platform.Cli.Plan;

/// <summary>
/// Plans a change as the builder would if every image had last been built successfully at the older
/// commit: an image is built when its inputs differ from those it had there, when it did not exist
/// there, or when a base of it is built.
/// </summary>
public static class ChangePlanner
{
    private static readonly IReadOnlyDictionary<string, string> NoBaseDigests = new Dictionary<string, string>();

    public static async Task<ChangePlan> PlanAsync(
        GitRepository repository, string? from, string to, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            var fresh = await CatalogIndex.LoadAsync(repository, to, imagesRoot, buildArgs, cancellationToken);
            return new ChangePlan(null, to, BuildPlanner.Plan(fresh.Catalog, _ => null), fresh.Catalog);
        }

        // Load at the older commit and move: the same incremental path the builder takes from commit to commit.
        var index = await CatalogIndex.LoadAsync(repository, from, imagesRoot, buildArgs, cancellationToken);
        var before = index.Catalog;
        await index.MoveToAsync(to, cancellationToken);
        var plan = BuildPlanner.Plan(index.Catalog, name => BuiltAt(before, from, name));
        return new ChangePlan(from, to, plan, index.Catalog);
    }

    private static LastBuild? BuiltAt(ImageCatalog catalog, string commit, string name) =>
        catalog.Find(name) is { } image ? new LastBuild(commit, image.Inputs, NoBaseDigests, null) : null;
}

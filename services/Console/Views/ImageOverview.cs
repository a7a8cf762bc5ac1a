using Platform.Console.Apis;
using Platform.Console.Live;

using Platform.Contracts.Api;

namespace Platform.Console.Views;

/// <summary>One catalogue image: its kind and bases, its last build, its last successful build (digest per platform), its tags as the watcher sees them.</summary>
public sealed record ImageRow(
    string Image,
    CatalogueImage? Spec,
    BuildDocument? LastBuild,
    BuildDocument? LastSuccess,
    BuildInFlight? Building,
    IReadOnlyList<WatchDocument> Tags);

/// <summary>
/// The catalogue at the followed revision (the builder's <c>GET /api/catalog</c>) with what the history and the watcher
/// know of each image, its problems with file and line, and the upstream bases it starts from. Without the catalogue
/// (the builder does not answer) the images are those the history and the watches name, and the problems those the
/// history recorded.
/// </summary>
public sealed record ImageOverview(
    IReadOnlyList<ImageRow> Images,
    IReadOnlyList<CatalogueProblem> Problems,
    IReadOnlyList<CatalogueProblem> Warnings,
    IReadOnlyList<WatchDocument> Upstream,
    string? Commit)
{
    public static ImageOverview Empty { get; } = new([], [], [], [], null);

    public static ImageOverview Build(
        CatalogueDocument? catalogue, IReadOnlyList<BuildDocument> history, IReadOnlyList<WatchDocument> watches, IReadOnlyList<BuildInFlight> inFlight)
    {
        var buildsOf = history.ToLookup(b => b.Image, StringComparer.Ordinal);
        var tagsOf = watches.Where(w => w.Origin == "Catalogue").ToLookup(w => w.Image, StringComparer.Ordinal);
        var buildingOf = inFlight.Where(b => !b.Finished).ToLookup(b => b.Image, StringComparer.Ordinal);
        var specs = catalogue?.Images.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var names = specs is not null
            ? specs.Keys
            : history.Where(b => !b.IsCatalogueProblem).Select(b => b.Image).Concat(tagsOf.Select(t => t.Key)).Concat(buildingOf.Select(b => b.Key));
        var rows = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(image =>
        {
            var builds = buildsOf[image].OrderByDescending(b => b.Id).ToList();
            return new ImageRow(
                image,
                specs?.GetValueOrDefault(image),
                builds.FirstOrDefault(),
                builds.FirstOrDefault(b => b.Outcome == "Succeeded"),
                buildingOf[image].MaxBy(b => b.At),
                [.. tagsOf[image].OrderBy(w => w.Watch, StringComparer.Ordinal)]);
        });
        var problems = catalogue?.Problems ?? HistoryProblems(history);
        return new ImageOverview(
            [.. rows],
            problems,
            catalogue?.Warnings ?? [],
            [.. watches.Where(w => w.Origin == "Upstream").OrderBy(w => w.Image, StringComparer.Ordinal)],
            catalogue?.Commit);
    }

    /// <summary>The catalogue problems the builder recorded as failed builds of stage <c>spec</c> (the newest per image).</summary>
    private static List<CatalogueProblem> HistoryProblems(IReadOnlyList<BuildDocument> history) =>
    [
        .. history.GroupBy(b => b.Image, StringComparer.Ordinal)
            .Select(g => g.MaxBy(b => b.Id)!)
            .Where(b => b.IsCatalogueProblem)
            .OrderBy(b => b.Image, StringComparer.Ordinal)
            .Select(b => new CatalogueProblem(b.Image, "", null, b.Error ?? "skipped")),
    ];
}

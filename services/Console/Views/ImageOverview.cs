using Platform.Console.Apis;
using Platform.Console.Live;

namespace Platform.Console.Views;

/// <summary>One catalogue image: its last build, its last successful build (digest per platform), its tags as the watcher sees them.</summary>
public sealed record ImageRow(
    string Image,
    BuildDocument? LastBuild,
    BuildDocument? LastSuccess,
    BuildInFlight? Building,
    IReadOnlyList<WatchDocument> Tags,
    string? Problem);

/// <summary>The catalogue as the builder's history and the watcher's watches know it, and the upstream bases it starts from.</summary>
public sealed record ImageOverview(IReadOnlyList<ImageRow> Images, IReadOnlyList<WatchDocument> Upstream)
{
    public static ImageOverview Build(IReadOnlyList<BuildDocument> history, IReadOnlyList<WatchDocument> watches, IReadOnlyList<BuildInFlight> inFlight)
    {
        var catalogueWatches = watches.Where(w => w.Origin == "Catalogue").ToList();
        var names = history.Select(b => b.Image)
            .Concat(catalogueWatches.Select(w => w.Image))
            .Concat(inFlight.Select(b => b.Image))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var rows = names.Select(image =>
        {
            var builds = history.Where(b => b.Image == image).OrderByDescending(b => b.Id).ToList();
            var last = builds.FirstOrDefault();
            return new ImageRow(
                image,
                last,
                builds.FirstOrDefault(b => b.Outcome == "Succeeded"),
                inFlight.Where(b => b.Image == image && !b.Finished).MaxBy(b => b.At),
                [.. catalogueWatches.Where(w => w.Image == image).OrderBy(w => w.Watch, StringComparer.Ordinal)],
                last is { IsCatalogueProblem: true } ? last.Error : null);
        });
        return new ImageOverview([.. rows], [.. watches.Where(w => w.Origin == "Upstream").OrderBy(w => w.Image, StringComparer.Ordinal)]);
    }
}

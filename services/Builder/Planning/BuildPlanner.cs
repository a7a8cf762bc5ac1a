using Platform.Builder.History;
using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Builder.Planning;

/// <summary>
/// Decides which images a commit needs: those whose folder changed since their own last successful
/// build (not since the previous commit, so that a failed build, a new branch or a force push never
/// loses a rebuild).
/// </summary>
public sealed class BuildPlanner(GitRepository repository, BuildHistory history)
{
    public async Task<BuildPlan> PlanAsync(ImageCatalog catalog, CancellationToken cancellationToken)
    {
        var builds = new List<PlannedBuild>();
        foreach (var image in DependencyOrder(catalog))
        {
            var reason = await ReasonToBuildAsync(image, catalog.Commit, cancellationToken);
            if (reason is not null)
            {
                builds.Add(new PlannedBuild(image, reason, CatalogueBases(catalog, image)));
            }
        }

        return new BuildPlan(catalog.Commit, builds);
    }

    private async Task<string?> ReasonToBuildAsync(CatalogImage image, string commit, CancellationToken cancellationToken)
    {
        var last = await history.LastSuccessAsync(image.Spec.Name, cancellationToken);
        if (last is null)
        {
            return "never built";
        }

        if (last.Commit == commit)
        {
            return null;
        }

        if (!await repository.ContainsCommitAsync(last.Commit, cancellationToken))
        {
            return $"its last built commit {Short(last.Commit)} is no longer in the repository";
        }

        var changed = await repository.ChangedFilesAsync(last.Commit, commit, [image.Spec.Folder], cancellationToken);
        return changed.Count switch
        {
            0 => null,
            1 => $"{changed[0]} changed since {Short(last.Commit)}",
            _ => $"{changed[0]} and {changed.Count - 1} more files changed since {Short(last.Commit)}",
        };
    }

    private static IReadOnlyList<CatalogueBase> CatalogueBases(ImageCatalog catalog, CatalogImage image) =>
        image.BaseImages
            .Select(reference => (Name: catalog.FindReference(reference.Reference)?.Spec.Name, Reference: reference))
            .Where(b => b.Name is not null && b.Name != image.Spec.Name)
            .Select(b => new CatalogueBase(b.Name!, b.Reference))
            .ToList();

    /// <summary>Bases first; images in a cycle (an error the catalogue reports) keep name order at the end.</summary>
    private static List<CatalogImage> DependencyOrder(ImageCatalog catalog)
    {
        var ordered = new List<CatalogImage>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = catalog.Images.OrderBy(i => i.Spec.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(i => CatalogueBases(catalog, i).All(b => done.Contains(b.Name))).ToList();
            if (ready.Count == 0)
            {
                ordered.AddRange(pending);
                break;
            }

            foreach (var image in ready)
            {
                ordered.Add(image);
                done.Add(image.Spec.Name);
                pending.Remove(image);
            }
        }

        return ordered;
    }

    public static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;
}

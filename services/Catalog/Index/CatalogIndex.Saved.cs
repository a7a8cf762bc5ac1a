using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>An index written to disk and read back (<see cref="CatalogIndexStore"/>), so that a restarted builder moves on from where it was.</summary>
public sealed partial class CatalogIndex
{
    /// <summary>What the index knows now, copied so that it can be written while the index moves on.</summary>
    internal IndexSnapshot Snapshot()
    {
        var (paths, objects) = tree.Capture();
        return new IndexSnapshot(
            Commit, imagesRoot, environmentArgs, paths, objects, [.. images.Values],
            new Dictionary<string, IReadOnlyList<CatalogProblem>>(problems, StringComparer.Ordinal),
            new Dictionary<string, string>(brokenNames, StringComparer.Ordinal),
            new Dictionary<string, string[]>(watchedBy, StringComparer.Ordinal));
    }

    /// <summary>An index at the snapshot's commit, with nothing analysed: the catalogue is assembled from what was saved.</summary>
    /// <exception cref="InvalidDataException">The snapshot does not hang together (an image outside the tree, a folder twice).</exception>
    internal static CatalogIndex Restore(GitRepository repository, IndexSnapshot snapshot)
    {
        var index = new CatalogIndex(repository, snapshot.ImagesRoot, snapshot.BuildArgs)
        {
            tree = new RepositoryTree(snapshot.Commit, snapshot.Paths, snapshot.Objects),
        };
        foreach (var image in snapshot.Images)
        {
            if (!index.images.TryAdd(image.Spec.Folder, image) || !index.tree.Contains(image.Spec.SpecFile) && !index.tree.Contains(image.Spec.DockerfilePath))
            {
                throw new InvalidDataException($"the saved image {image.Spec.Folder} is there twice or has no spec or Dockerfile in the saved tree");
            }
        }

        foreach (var (folder, problems) in snapshot.Problems)
        {
            index.problems[folder] = problems;
        }

        foreach (var (folder, name) in snapshot.BrokenNames)
        {
            index.brokenNames[folder] = name;
        }

        foreach (var (image, folders) in snapshot.WatchedBy)
        {
            index.Watch(image, folders);
        }

        index.Assemble();
        return index;
    }
}

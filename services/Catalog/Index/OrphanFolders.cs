using Platform.Catalog.Specs;

namespace Platform.Catalog.Index;

/// <summary>
/// A folder right under the images root that holds no image and is no image's build context is a mistake
/// worth naming: most likely an image that lost its Dockerfile. Hidden folders are never named, and when
/// the images root is the repository root (where <c>docs/</c> and <c>.github/</c> live) only a folder with a
/// Dockerfile somewhere in it (<c>Dockerfile.dev</c>, <c>api.Dockerfile</c>, <c>Containerfile</c>) is.
/// </summary>
internal sealed class OrphanFolders(string imagesRoot)
{
    private HashSet<string>? candidates;

    /// <summary>Files were added or deleted: the folders are listed again at the next <see cref="Find"/>.</summary>
    public void Forget() => candidates = null;

    /// <param name="watchedFolders">The image folders and build contexts of the catalogue.</param>
    public IEnumerable<CatalogProblem> Find(RepositoryTree tree, IEnumerable<string> watchedFolders)
    {
        candidates ??= tree.FilesUnder(imagesRoot)
            .Select(path => RepositoryPath.Relative(imagesRoot, path))
            .Where(relative => relative.Contains('/') && !relative.StartsWith('.'))
            .GroupBy(relative => relative[..relative.IndexOf('/')], StringComparer.Ordinal)
            .Where(files => imagesRoot != "." || files.Any(LooksLikeDockerfile))
            .Select(files => RepositoryPath.Combine(imagesRoot, files.Key))
            .ToHashSet(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var watched in watchedFolders)
        {
            if (RepositoryPath.IsUnder(imagesRoot, watched))
            {
                return [];
            }

            if (RepositoryPath.IsUnder(watched, imagesRoot))
            {
                var relative = RepositoryPath.Relative(imagesRoot, watched);
                covered.Add(RepositoryPath.Combine(imagesRoot, relative.Split('/')[0]));
            }
        }

        return candidates.Where(folder => !covered.Contains(folder)).Order(StringComparer.Ordinal).Select(folder =>
            new CatalogProblem(folder, RepositoryPath.Combine(folder, ImageSpecReader.DefaultDockerfile), null,
                $"the image folder {folder}/ has no {ImageSpecReader.DefaultDockerfile} or {ImageSpecReader.FileName}, so it cannot be built" + Hint(tree, folder)));
    }

    /// <summary>Where a folder without an image has a file that looks like a Dockerfile, how to make it one.</summary>
    private static string Hint(RepositoryTree tree, string folder) =>
        tree.FilesUnder(folder).FirstOrDefault(LooksLikeDockerfile) is { } found
            ? $" (it holds {found}: an {ImageSpecReader.FileName} next to it with 'dockerfile: {found[(found.LastIndexOf('/') + 1)..]}' makes it one)"
            : "";

    private static bool LooksLikeDockerfile(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name is ImageSpecReader.DefaultDockerfile or "Containerfile"
            || name.StartsWith(ImageSpecReader.DefaultDockerfile + ".", StringComparison.Ordinal)
            || name.EndsWith(".Dockerfile", StringComparison.Ordinal)
            || name.EndsWith(".dockerfile", StringComparison.Ordinal);
    }
}

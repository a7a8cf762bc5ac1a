namespace Platform.Catalog.Index;

/// <summary>
/// Everything a <see cref="CatalogIndex"/> knows at one commit, copied out so that it can be written to disk while
/// the index moves on: the tree, each image folder's analysis, and which folders each image watches.
/// </summary>
/// <param name="ImagesRoot">The images root as the index normalised it.</param>
/// <param name="Paths">The tree's paths in ordinal order; <paramref name="Objects"/> has the mode and blob of each.</param>
/// <param name="Problems">Per image folder, why it is not an image of the catalogue.</param>
/// <param name="BrokenNames">Per image folder whose spec was read but not its Dockerfile, the name its dependents must not build from.</param>
/// <param name="WatchedBy">Per image folder, the folders whose changes make it analysed again (its own, its build context).</param>
internal sealed record IndexSnapshot(
    string Commit,
    string ImagesRoot,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyList<string> Paths,
    IReadOnlyDictionary<string, (string Mode, string ObjectId)> Objects,
    IReadOnlyList<CatalogImage> Images,
    IReadOnlyDictionary<string, IReadOnlyList<CatalogProblem>> Problems,
    IReadOnlyDictionary<string, string> BrokenNames,
    IReadOnlyDictionary<string, string[]> WatchedBy);

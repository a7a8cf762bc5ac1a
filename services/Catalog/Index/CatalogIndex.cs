using Platform.Catalog.Context;
using Platform.Catalog.Git;
using Platform.Catalog.Specs;

namespace Platform.Catalog.Index;

/// <summary>
/// The catalogue of a repository, kept up to date from commit to commit: moving to a new commit reads
/// the diff and analyses again only the images whose folder or build context the diff touches, so a
/// small commit in a large monorepo costs little. Not thread-safe: one owner moves it.
/// </summary>
public sealed partial class CatalogIndex
{
    private readonly GitRepository repository;
    private readonly string imagesRoot;
    private readonly IReadOnlyDictionary<string, string> environmentArgs;
    private readonly BlobCache blobs;
    private readonly Dictionary<string, CatalogImage> images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<CatalogProblem>> problems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> brokenNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> watchedBy = new(StringComparer.Ordinal);
    private RepositoryTree tree = null!;
    private readonly OrphanFolders orphans;
    private bool reloadNeeded;

    private CatalogIndex(GitRepository repository, string imagesRoot, IReadOnlyDictionary<string, string> environmentArgs)
    {
        this.repository = repository;
        this.imagesRoot = NormalizedImagesRoot(imagesRoot);
        this.environmentArgs = environmentArgs;
        orphans = new OrphanFolders(this.imagesRoot);
        blobs = new BlobCache(repository);
    }

    public ImageCatalog Catalog { get; private set; } = null!;

    /// <summary>The images root as a path from the repository root: "", "." and "./" all mean the root.</summary>
    internal static string NormalizedImagesRoot(string imagesRoot) =>
        RepositoryPath.TryCombine(".", imagesRoot.Trim())
            ?? throw new ArgumentException($"the images root '{imagesRoot}' (Catalog:ImagesRoot) leaves the repository", nameof(imagesRoot));

    /// <summary>How many images this index analysed (read their Dockerfile and build context) since it was made: all of them at a first load, none at a load of a saved index.</summary>
    public int ImagesAnalysed { get; private set; }

    /// <summary>The commit of <see cref="Catalog"/> (a full commit id, even when a branch name was given).</summary>
    public string Commit => Catalog.Commit;

    /// <param name="commit">A commit id or any revision git resolves to a commit (a branch, a tag, HEAD).</param>
    public static async Task<CatalogIndex> LoadAsync(
        GitRepository repository, string commit, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs, CancellationToken cancellationToken)
    {
        var index = new CatalogIndex(repository, imagesRoot, buildArgs);
        await index.ReloadAsync(await index.ResolveAsync(commit, cancellationToken), cancellationToken);
        return index;
    }

    /// <summary>
    /// Moves to another commit (any commit: a descendant, an ancestor or another branch). When it fails or
    /// is cancelled, <see cref="Catalog"/> stays at the commit it was at and the next move reads everything again.
    /// </summary>
    public async Task MoveToAsync(string commit, CancellationToken cancellationToken)
    {
        commit = await ResolveAsync(commit, cancellationToken);
        if (reloadNeeded)
        {
            await ReloadAsync(commit, cancellationToken);
            return;
        }

        if (commit == tree.Commit)
        {
            return;
        }

        IReadOnlyList<TreeChange> changes;
        try
        {
            changes = await repository.DiffTreeAsync(tree.Commit, commit, ".", cancellationToken);
        }
        catch (GitException)
        {
            if (await repository.ContainsCommitAsync(tree.Commit, cancellationToken))
            {
                throw;
            }

            // The commit we were at is gone (a force push and a gc): read everything again.
            await ReloadAsync(commit, cancellationToken);
            return;
        }

        // From here until the catalogue is assembled the index is half at the new commit.
        reloadNeeded = true;
        var added = changes.Where(c => !c.Deleted && !tree.Contains(c.Path)).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        if (added.Count > 0 || changes.Any(c => c.Deleted))
        {
            orphans.Forget();
        }

        tree.Apply(commit, changes);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            foreach (var folder in RepositoryPath.Parents(change.Path))
            {
                if (watchers.TryGetValue(folder, out var folders))
                {
                    touched.UnionWith(folders);
                }
            }

            if (ImageFolderOf(change.Path) is { } imageFolder)
            {
                touched.Add(imageFolder);
                if (change.Deleted || added.Contains(change.Path))
                {
                    // The folder starts or stops being an image: the image folders inside it stop or start being images.
                    touched.UnionWith(tree.FilesUnder(imageFolder).Select(ImageFolderOf).OfType<string>());
                }
            }
        }

        await AnalyzeAsync(touched, cancellationToken);
        Assemble();
        reloadNeeded = false;
    }

    private async Task ReloadAsync(string commit, CancellationToken cancellationToken)
    {
        var entries = await repository.ListTreeAsync(commit, ".", cancellationToken);
        reloadNeeded = true;
        tree = new RepositoryTree(commit, entries);
        orphans.Forget();
        images.Clear();
        problems.Clear();
        brokenNames.Clear();
        watchers.Clear();
        watchedBy.Clear();
        var folders = tree.FilesUnder(imagesRoot).Select(ImageFolderOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        await AnalyzeAsync(folders, cancellationToken);
        Assemble();
        reloadNeeded = false;
    }

    /// <summary>A full commit id as it is; anything else (a branch, a tag, an abbreviated id) resolved by git.</summary>
    private async Task<string> ResolveAsync(string revision, CancellationToken cancellationToken) =>
        revision.Length is 40 or 64 && revision.All(char.IsAsciiHexDigitLower)
            ? revision
            : await repository.ResolveCommitAsync(revision, cancellationToken);

    /// <summary>Analyses the given folders again; a folder without a spec or a Dockerfile stops being an image.</summary>
    private async Task AnalyzeAsync(IReadOnlyCollection<string> folders, CancellationToken cancellationToken)
    {
        var analyzer = new ImageAnalyzer(tree, blobs, environmentArgs);
        var candidates = new List<string>();
        foreach (var folder in folders)
        {
            Forget(folder);
            if (HoldsImage(folder) && !RepositoryPath.Parents(folder).TakeWhile(IsImageFolderLocation).Any(HoldsImage))
            {
                candidates.Add(folder);
            }
        }

        // The spec and what most images read next (a Dockerfile, .dockerignore and VERSION in the folder) in one git process.
        await blobs.PrefetchAsync(
            candidates.SelectMany(f => new[] { ImageSpecReader.FileName, ImageSpecReader.DefaultDockerfile, DockerIgnore.FileName, "VERSION" }
                .Select(file => tree.ObjectOf(RepositoryPath.Combine(f, file)))),
            cancellationToken);
        var specs = new List<ImageSpec>();
        foreach (var (folder, (spec, specProblems)) in candidates.Zip(InParallel(candidates, analyzer.ReadSpec, cancellationToken)))
        {
            Watch(folder, spec is null ? [folder] : [folder, spec.Context]);
            if (spec is null)
            {
                problems[folder] = specProblems;
            }
            else
            {
                specs.Add(spec);
            }
        }

        await blobs.PrefetchAsync(specs.SelectMany(analyzer.FilesNeeded), cancellationToken);
        ImagesAnalysed += specs.Count;
        foreach (var (spec, (image, imageProblems)) in specs.Zip(InParallel(specs, analyzer.Analyze, cancellationToken)))
        {
            if (image is null)
            {
                problems[spec.Folder] = imageProblems;
                brokenNames[spec.Folder] = spec.Name;
            }
            else
            {
                images[spec.Folder] = image;
            }
        }
    }

    /// <summary>
    /// Reading a spec and analysing an image are pure work on what was prefetched, so a first load of a large catalogue
    /// spreads them over the cores; a commit that touches a few images does them in place.
    /// </summary>
    private static TResult[] InParallel<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> work, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        if (items.Count < ParallelFrom)
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = work(items[i]);
            }
        }
        else
        {
            Parallel.For(0, items.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => results[i] = work(items[i]));
        }

        return results;
    }

    private const int ParallelFrom = 32;

    private void Assemble()
    {
        var found = problems.Values.SelectMany(p => p).Concat(orphans.Find(tree, watchers.Keys)).ToList();
        // A wrong Catalog:ImagesRoot (or a repository of something else) builds nothing: say so rather than stay silent.
        IReadOnlyList<CatalogProblem> warnings = imagesRoot != "." && !tree.FilesUnder(imagesRoot).Any()
            ? [new CatalogProblem(imagesRoot, imagesRoot + "/", null,
                $"the repository has no folder {imagesRoot}/ at {tree.Commit[..Math.Min(7, tree.Commit.Length)]}, so there is nothing to build; Catalog:ImagesRoot names the folder whose sub-folders are images")]
            : [];
        Catalog = CatalogAssembler.Assemble(tree.Commit, images.Values, found, brokenNames.Values, warnings);
    }

    private bool IsImageFolderLocation(string folder) => folder != imagesRoot && RepositoryPath.IsUnder(folder, imagesRoot);

    /// <summary>The folder of a spec or a default Dockerfile under the images root: a folder that may be an image.</summary>
    private string? ImageFolderOf(string path)
    {
        // Called for every file of the repository at a first load: the name is compared in place.
        var slash = path.LastIndexOf('/');
        var name = path.AsSpan(slash + 1);
        if (!name.SequenceEqual(ImageSpecReader.FileName) && !name.SequenceEqual(ImageSpecReader.DefaultDockerfile))
        {
            return null;
        }

        var folder = slash < 0 ? "." : path[..slash];
        return IsImageFolderLocation(folder) ? folder : null;
    }

    /// <summary>
    /// True when the folder has a spec or a default Dockerfile (outside hidden folders). It is an image unless a folder above it is one:
    /// what is inside an image's folder belongs to that image (a Dockerfile its spec names, a test fixture).
    /// </summary>
    private bool HoldsImage(string folder) =>
        tree.Contains(RepositoryPath.Combine(folder, ImageSpecReader.FileName))
        || (tree.Contains(RepositoryPath.Combine(folder, ImageSpecReader.DefaultDockerfile)) && !IsHidden(folder));

    /// <summary>
    /// A folder under a hidden one (<c>.devcontainer/</c>, <c>.github/actions/x/</c>) is an image only when it has a
    /// spec: a Dockerfile alone there serves a tool, not the catalogue.
    /// </summary>
    private bool IsHidden(string folder) => RepositoryPath.Relative(imagesRoot, folder).Split('/').Any(part => part.StartsWith('.'));

    private void Watch(string image, string[] folders)
    {
        watchedBy[image] = folders;
        foreach (var folder in folders)
        {
            if (!watchers.TryGetValue(folder, out var set))
            {
                watchers[folder] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(image);
        }
    }

    private void Forget(string image)
    {
        images.Remove(image);
        problems.Remove(image);
        brokenNames.Remove(image);
        if (watchedBy.Remove(image, out var folders))
        {
            foreach (var folder in folders)
            {
                if (watchers.TryGetValue(folder, out var set) && set.Remove(image) && set.Count == 0)
                {
                    watchers.Remove(folder);
                }
            }
        }
    }
}

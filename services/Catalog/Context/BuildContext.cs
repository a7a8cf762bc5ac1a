namespace Platform.Catalog.Context;

/// <summary>
/// The build context as COPY and ADD see it: the files of the image folder less what <c>.dockerignore</c>
/// excludes, computed the way the docker CLI walks the folder before it sends it. An excluded folder is
/// not entered unless an exception pattern starts with that folder's path: <c>!dir/keep.txt</c> brings
/// <c>dir/keep.txt</c> back under an excluded <c>dir</c>, <c>!**/keep.txt</c> does not. The Dockerfile and
/// <c>.dockerignore</c> are always sent, but the engine drops them before the build when they are excluded.
/// </summary>
public sealed class BuildContext
{
    private readonly HashSet<string> files;
    private readonly HashSet<string> directories;
    private IReadOnlyList<string>? entries;

    private BuildContext(HashSet<string> files, HashSet<string> directories)
    {
        this.files = files;
        this.directories = directories;
    }

    /// <summary>Files COPY and ADD can read.</summary>
    public IReadOnlySet<string> Files => files;

    /// <summary>Folders that exist in the context (an excluded folder exists when a file under it is brought back).</summary>
    public IReadOnlySet<string> Directories => directories;

    /// <summary>Files and folders, in ordinal order.</summary>
    /// <remarks>Sorted when first asked for: only a wildcard source needs them.</remarks>
    public IReadOnlyList<string> Entries => entries ??= [.. files.Concat(directories).Order(StringComparer.Ordinal)];

    /// <param name="paths">Every file of the context folder, relative to it with '/' separators (as <c>git ls-tree</c> lists them).</param>
    /// <param name="dockerfile">The Dockerfile's path relative to the context.</param>
    public static BuildContext Create(IEnumerable<string> paths, DockerIgnore ignore, string dockerfile = "Dockerfile")
    {
        var all = paths.Select(ContextPath.Clean).Where(p => p != ".").ToHashSet(StringComparer.Ordinal);
        if (ignore.Patterns.Count == 0)
        {
            // Nothing is excluded (the common case, no .dockerignore): every file is sent, every folder that holds one exists.
            return new BuildContext(all, FoldersOf(all));
        }

        var kept = new[] { DockerIgnore.FileName, dockerfile }.Where(ignore.IsExcludedByFirstFolders).ToList();
        var walk = new Walk(all, ignore.WithExceptions(kept));
        walk.Visit("", null);
        foreach (var parent in walk.Files.SelectMany(ContextPath.Parents))
        {
            walk.Directories.Add(parent);
        }

        walk.Files.ExceptWith(kept);
        return new BuildContext(walk.Files, walk.Directories);
    }

    /// <summary>Every folder that holds one of the files: each file's parents, from the nearest up to the first one already known.</summary>
    private static HashSet<string> FoldersOf(HashSet<string> files)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var known = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var file in files)
        {
            for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
            {
                if (known.Contains(file.AsSpan(0, slash)))
                {
                    break;
                }

                folders.Add(file[..slash]);
            }
        }

        return folders;
    }

    public bool IsFile(string path) => files.Contains(path);

    public bool IsDirectory(string path) => directories.Contains(path);

    /// <summary>The files under a folder, or every file for <c>.</c>.</summary>
    public IEnumerable<string> FilesUnder(string folder) =>
        folder == "." ? files : FilesUnderFolder(folder + "/");

    private IEnumerable<string> FilesUnderFolder(string prefix) => files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal));

    private sealed class Walk(HashSet<string> all, DockerIgnore ignore)
    {
        private readonly ILookup<string, string> children = all
            .SelectMany(f => ContextPath.Parents(f).Append(f))
            .Distinct(StringComparer.Ordinal)
            .ToLookup(p => p.Contains('/') ? p[..p.LastIndexOf('/')] : "", StringComparer.Ordinal);

        public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Directories { get; } = new(StringComparer.Ordinal);

        public void Visit(string folder, bool[]? folderMatched)
        {
            foreach (var path in children[folder].Order(StringComparer.Ordinal))
            {
                var (excluded, matched) = ignore.Evaluate(path, folderMatched);
                var isFile = all.Contains(path);
                if (isFile)
                {
                    if (!excluded)
                    {
                        Files.Add(path);
                    }

                    continue;
                }

                if (!excluded)
                {
                    Directories.Add(path);
                    Visit(path, matched);
                }
                else if (ignore.Patterns.Any(p => p.IsException && (p.Text + "/").StartsWith(path + "/", StringComparison.Ordinal)))
                {
                    Visit(path, matched);
                }
            }
        }
    }
}

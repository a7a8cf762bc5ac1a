using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// The files under the images root at one commit, with their blob ids: kept up to date from one commit
/// to the next by applying the diff, and asked for the files under a folder in time proportional to
/// the answer.
/// </summary>
public sealed class RepositoryTree
{
    private readonly SortedSet<string> paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Mode, string ObjectId)> objects = new(StringComparer.Ordinal);

    public RepositoryTree(string commit, IEnumerable<TreeEntry> entries)
    {
        Commit = commit;
        foreach (var entry in entries)
        {
            paths.Add(entry.Path);
            objects[entry.Path] = (entry.Mode, entry.ObjectId);
        }
    }

    public string Commit { get; private set; }

    public int Count => objects.Count;

    public IEnumerable<string> Paths => paths;

    public bool Contains(string path) => objects.ContainsKey(path);

    /// <summary>The blob id of a file, or null when the tree has no such file.</summary>
    public string? ObjectOf(string path) => objects.TryGetValue(path, out var entry) ? entry.ObjectId : null;

    /// <summary>What identifies a file's content and mode ("100644 &lt;blob&gt;"), or null when the tree has no such file.</summary>
    public string? VersionOf(string path) => objects.TryGetValue(path, out var entry) ? $"{entry.Mode} {entry.ObjectId}" : null;

    /// <summary>Every file under <paramref name="folder"/> (relative to the repository root), in ordinal order.</summary>
    public IEnumerable<string> FilesUnder(string folder)
    {
        if (folder is "" or ".")
        {
            return paths;
        }

        var prefix = folder.TrimEnd('/') + "/";
        // '/' + 1 is '0': every path that starts with the prefix sorts between "prefix" and "prefix0".
        var upper = prefix[..^1] + (char)('/' + 1);
        return paths.GetViewBetween(prefix, upper).Where(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }

    public void Apply(string commit, IEnumerable<TreeChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Deleted)
            {
                paths.Remove(change.Path);
                objects.Remove(change.Path);
            }
            else
            {
                paths.Add(change.Path);
                objects[change.Path] = (change.Mode!, change.ObjectId!);
            }
        }

        Commit = commit;
    }
}

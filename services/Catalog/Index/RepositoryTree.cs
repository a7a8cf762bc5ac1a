using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// The files under the images root at one commit, with their blob ids: kept up to date from one commit
/// to the next by applying the diff, and asked for the files under a folder in time proportional to
/// the answer.
/// </summary>
public sealed class RepositoryTree
{
    // A sorted array, not a balanced tree: a first load of a large repository builds it in one pass (git lists paths in order already).
    private string[] paths;
    private readonly LayeredObjects objects;

    public RepositoryTree(string commit, IEnumerable<TreeEntry> entries)
    {
        Commit = commit;
        var list = entries as IReadOnlyCollection<TreeEntry> ?? [.. entries];
        var blobs = new Dictionary<string, (string, string)>(list.Count, StringComparer.Ordinal);
        foreach (var entry in list)
        {
            blobs[entry.Path] = (entry.Mode, entry.ObjectId);
        }

        objects = new LayeredObjects(blobs);
        paths = [.. blobs.Keys];
        if (!IsSorted(paths))
        {
            Array.Sort(paths, StringComparer.Ordinal);
        }
    }

    public string Commit { get; private set; }

    public int Count => objects.Count;

    /// <summary>Every file with its mode and blob id, in ordinal order of the paths.</summary>
    public IEnumerable<TreeEntry> Entries => paths.Select(path => new TreeEntry(path, objects[path].Mode, objects[path].ObjectId));

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
        var snapshot = paths;
        var first = Array.BinarySearch(snapshot, prefix, StringComparer.Ordinal);
        first = first < 0 ? ~first : first;
        var last = first;
        while (last < snapshot.Length && snapshot[last].StartsWith(prefix, StringComparison.Ordinal))
        {
            last++;
        }

        return new ArraySegment<string>(snapshot, first, last - first);
    }

    /// <summary>
    /// The paths (an array never changed once made) and the blobs as they are now, for a snapshot that outlives later moves:
    /// made on every commit's path, so it copies only what changed since the tree was last compacted.
    /// </summary>
    internal (IReadOnlyList<string> Paths, IReadOnlyDictionary<string, (string Mode, string ObjectId)> Objects) Capture() =>
        (paths, objects.Capture());

    /// <summary>A tree from a snapshot: the paths as they were saved, in order.</summary>
    internal RepositoryTree(string commit, IReadOnlyList<string> sortedPaths, IReadOnlyDictionary<string, (string Mode, string ObjectId)> blobs)
    {
        Commit = commit;
        objects = new LayeredObjects(new Dictionary<string, (string Mode, string ObjectId)>(blobs, StringComparer.Ordinal));
        paths = [.. sortedPaths];
        if (!IsSorted(paths) || paths.Length != objects.Count || !paths.All(objects.ContainsKey))
        {
            throw new InvalidDataException("the saved tree's paths are not in order or do not match its files");
        }
    }

    public void Apply(string commit, IEnumerable<TreeChange> changes)
    {
        var added = new List<string>();
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Deleted)
            {
                if (objects.Remove(change.Path))
                {
                    removed.Add(change.Path);
                }
            }
            else
            {
                if (!objects.ContainsKey(change.Path))
                {
                    added.Add(change.Path);
                }

                removed.Remove(change.Path);
                objects.Set(change.Path, (change.Mode!, change.ObjectId!));
            }
        }

        objects.CompactWhenLarge();

        if (added.Count > 0 || removed.Count > 0)
        {
            // A new array, merged in one pass: a reader of the old one keeps a consistent view.
            added.Sort(StringComparer.Ordinal);
            paths = Merge(paths.Where(p => !removed.Contains(p) || objects.ContainsKey(p)), added);
        }

        Commit = commit;
    }

    private static string[] Merge(IEnumerable<string> kept, List<string> added)
    {
        var merged = new List<string>(added.Count + 1024);
        var next = 0;
        foreach (var path in kept)
        {
            while (next < added.Count && string.CompareOrdinal(added[next], path) < 0)
            {
                merged.Add(added[next++]);
            }

            if (next < added.Count && added[next] == path)
            {
                next++;
            }

            merged.Add(path);
        }

        merged.AddRange(added.Skip(next));
        return [.. merged];
    }

    private static bool IsSorted(string[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (string.CompareOrdinal(values[i - 1], values[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}

namespace Platform.Catalog.Index;

/// <summary>Paths inside the repository: '/' separated, relative to its root, never above it.</summary>
public static class RepositoryPath
{
    /// <summary>Joins and normalizes ("a/b" + "../c" is "a/c"); null when the result would leave the repository.</summary>
    public static string? TryCombine(string folder, string relative)
    {
        // The common case, two clean paths (as git lists them), without splitting.
        if (IsPlain(relative) && (folder == "." || IsPlain(folder)))
        {
            return folder == "." ? relative : $"{folder}/{relative}";
        }

        var parts = new List<string>();
        foreach (var part in $"{folder}/{relative}".Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (part)
            {
                case ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                default:
                    parts.Add(part);
                    break;
            }
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    /// <summary>A relative path without empty, "." or ".." parts: one that combining leaves as it is.</summary>
    private static bool IsPlain(string path)
    {
        if (path.Length == 0 || path[0] == '/' || path[^1] == '/')
        {
            return false;
        }

        foreach (var part in path.AsSpan().Split('/'))
        {
            if (path.AsSpan(part) is "." or "..")
            {
                return false;
            }
        }

        return !path.Contains("//", StringComparison.Ordinal);
    }

    public static string Combine(string folder, string relative) =>
        TryCombine(folder, relative) ?? throw new ArgumentException($"{folder}/{relative} leaves the repository", nameof(relative));

    /// <summary>The path of <paramref name="path"/> seen from <paramref name="folder"/> (which must contain it).</summary>
    public static string Relative(string folder, string path) =>
        folder is "." or "" ? path
        : path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal) ? path[(folder.TrimEnd('/').Length + 1)..]
        : throw new ArgumentException($"{path} is not inside {folder}", nameof(path));

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it.</summary>
    public static bool IsUnder(string path, string folder) =>
        folder is "." or "" || path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The folders that contain <paramref name="path"/>, nearest first, ending with "." (the root).</summary>
    public static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }

        yield return ".";
    }
}

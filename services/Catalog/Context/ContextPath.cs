namespace Platform.Catalog.Context;

/// <summary>Paths of a build context: relative, with '/' separators, as git lists them.</summary>
public static class ContextPath
{
    /// <summary>
    /// Go's <c>path.Clean</c>, which Docker applies to patterns and sources: repeated slashes, <c>.</c>
    /// and <c>..</c> elements are removed lexically; an empty result is <c>.</c>.
    /// </summary>
    public static string Clean(string path)
    {
        if (IsClean(path))
        {
            return path;
        }

        var rooted = path.StartsWith('/');
        var segments = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part != "..")
            {
                segments.Add(part);
            }
            else if (segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (!rooted)
            {
                segments.Add(part);
            }
        }

        var cleaned = (rooted ? "/" : "") + string.Join('/', segments);
        return cleaned.Length == 0 ? "." : cleaned;
    }

    /// <summary>True when <see cref="Clean"/> would give the path back as it is (what git lists always is): the common case, without allocating.</summary>
    private static bool IsClean(string path)
    {
        if (path.Length == 0 || path[^1] == '/')
        {
            return path == "/";
        }

        var start = path[0] == '/' ? 1 : 0;
        for (var i = start; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                continue;
            }

            var segment = path.AsSpan(start, i - start);
            if (segment is "" or "." or "..")
            {
                return false;
            }

            start = i + 1;
        }

        return true;
    }

    /// <summary>The folders that hold <paramref name="path"/>, nearest last: <c>a/b/c</c> gives <c>a</c>, <c>a/b</c>.</summary>
    public static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    public static bool IsUnder(string path, string folder) =>
        path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
}

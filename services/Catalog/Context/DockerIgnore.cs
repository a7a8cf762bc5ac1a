namespace Platform.Catalog.Context;

/// <summary>
/// A <c>.dockerignore</c> read as the docker CLI reads it (moby/patternmatcher's <c>ignorefile.ReadAll</c>):
/// a line that starts with <c>#</c> is a comment, blank lines are skipped, each line is trimmed, cleaned
/// (<c>./a</c>, <c>a//b</c>, <c>a/../b</c>) and loses a leading <c>/</c>; <c>!</c> marks an exception. The last
/// line that matches a path decides, and a line that matches a folder matches everything under it.
/// </summary>
public sealed class DockerIgnore
{
    public const string FileName = ".dockerignore";

    private DockerIgnore(IReadOnlyList<IgnorePattern> patterns, IReadOnlyList<CatalogProblem> problems)
    {
        Patterns = patterns;
        Problems = problems;
    }

    /// <summary>No <c>.dockerignore</c>: nothing is excluded.</summary>
    public static DockerIgnore None { get; } = new([], []);

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>Lines Docker refuses (the build fails with them); the other lines still apply here.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; }

    public bool HasExceptions => Patterns.Any(p => p.IsException);

    /// <param name="text">The content of the file; null or empty when there is none.</param>
    /// <param name="file">Path of the file that problems name.</param>
    /// <param name="image">Folder of the image that problems belong to.</param>
    public static DockerIgnore Parse(string? text, string file = FileName, string image = "")
    {
        var patterns = new List<IgnorePattern>();
        var problems = new List<CatalogProblem>();
        var lines = (text ?? "").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (index == 0)
            {
                line = line.TrimStart('\uFEFF');
            }

            // Only a '#' in the first column starts a comment; " # x" is a pattern.
            var pattern = line.StartsWith('#') ? "" : line.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }

            var isException = pattern[0] == '!';
            pattern = isException ? pattern[1..].Trim() : pattern;
            if (pattern.Length == 0)
            {
                problems.Add(new CatalogProblem(image, file, index + 1, "illegal exclusion pattern: \"!\" (an exception needs a pattern)"));
                continue;
            }

            pattern = ContextPath.Clean(pattern);
            pattern = pattern.Length > 1 && pattern[0] == '/' ? pattern[1..] : pattern;
            try
            {
                patterns.Add(IgnorePattern.Create(pattern, isException, index + 1));
            }
            catch (FormatException e)
            {
                problems.Add(new CatalogProblem(image, file, index + 1, $"'{line.Trim()}': {e.Message}"));
            }
        }

        return new DockerIgnore(patterns, problems);
    }

    /// <summary>
    /// True when the context path is excluded: the last pattern that matches it, or one of the folders
    /// that hold it, is not an exception (patternmatcher's <c>MatchesOrParentMatches</c>).
    /// </summary>
    public bool IsExcluded(string path)
    {
        path = ContextPath.Clean(path);
        if (path == ".")
        {
            return false;
        }

        var excluded = false;
        foreach (var pattern in Patterns)
        {
            if (pattern.IsException != excluded)
            {
                continue;
            }

            if (pattern.MatchesOrParentMatches(path))
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }

    /// <summary>This file with exceptions appended for <paramref name="paths"/>, as the CLI keeps the Dockerfile and .dockerignore.</summary>
    internal DockerIgnore WithExceptions(IEnumerable<string> paths) =>
        new([.. Patterns, .. paths.Select(p => TryCreate(p, isException: true)).OfType<IgnorePattern>()], Problems);

    /// <summary>A pattern made of a path (a Dockerfile's); null when the path is no valid pattern, which Docker would refuse too.</summary>
    private static IgnorePattern? TryCreate(string path, bool isException)
    {
        try
        {
            return IgnorePattern.Create(path, isException, line: 0);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// patternmatcher's <c>MatchesUsingParentResults</c>, as the CLI walks the context folder by folder:
    /// a pattern that matched the folder holding <paramref name="path"/> matches the path too.
    /// </summary>
    internal (bool Excluded, bool[] Matched) Evaluate(string path, bool[]? parentMatched)
    {
        var excluded = false;
        var matched = new bool[Patterns.Count];
        for (var i = 0; i < Patterns.Count; i++)
        {
            var pattern = Patterns[i];
            var match = parentMatched?[i] ?? false;
            if (!match)
            {
                if (pattern.IsException != excluded)
                {
                    continue;
                }

                match = parentMatched is null ? pattern.MatchesOrParentMatches(path) : pattern.Matches(path);
            }

            matched[i] = match;
            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        return (excluded, matched);
    }

    /// <summary>
    /// patternmatcher's deprecated <c>Matches</c>, which checks one folder only (the one with as many parts as the
    /// pattern): what the CLI and the engine use to decide whether the Dockerfile and .dockerignore are excluded.
    /// </summary>
    internal bool IsExcludedByFirstFolders(string path)
    {
        var slash = path.LastIndexOf('/');
        var parents = slash < 0 ? [] : path[..slash].Split('/');
        var excluded = false;
        foreach (var pattern in Patterns)
        {
            if (pattern.IsException != excluded)
            {
                continue;
            }

            var parts = pattern.Text.Split('/').Length;
            if (pattern.Matches(path) || (parents.Length > 0 && parts <= parents.Length && pattern.Matches(string.Join('/', parents[..parts]))))
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }
}

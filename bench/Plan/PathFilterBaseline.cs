using Microsoft.Extensions.FileSystemGlobbing;

namespace Platform.Bench.Plan;

/// <summary>
/// What hand-written CI path filters do (one glob list per image, as in a GitHub Actions workflow):
/// the names git diff reports, matched against every image's globs.
/// </summary>
public sealed class PathFilterBaseline(IReadOnlyDictionary<string, string[]> filters)
{
    private readonly List<(string Image, Matcher Matcher)> matchers = filters.Select(f =>
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(f.Value);
        return (f.Key, matcher);
    }).ToList();

    public IReadOnlyList<string> Select(Monorepo repo, string from, string to)
    {
        var changed = repo.Git("diff", "--name-only", from, to).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. matchers.Where(m => m.Matcher.Match("/", changed).HasMatches).Select(m => m.Image)];
    }
}

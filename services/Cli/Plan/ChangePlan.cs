using Platform.Catalog;
using Platform.Catalog.Planning;

namespace Platform.Cli.Plan;

/// <summary>What a change from one commit to another needs built, and the catalogue at the newer commit.</summary>
/// <param name="From">The commit everything counts as built at; null when <paramref name="To"/> is a root commit (nothing was ever built).</param>
/// <param name="Catalog">The catalogue at <paramref name="To"/>: its problems and upstream images are part of the answer.</param>
public sealed record ChangePlan(string? From, string To, BuildPlan Plan, ImageCatalog Catalog)
{
    /// <summary>The catalogue's problems in a stable order: by file, line, then message.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; } = [.. Catalog.Problems
        .OrderBy(p => p.File, StringComparer.Ordinal)
        .ThenBy(p => p.Line ?? 0)
        .ThenBy(p => p.Message, StringComparer.Ordinal)
        .ThenBy(p => p.Image, StringComparer.Ordinal)];
}

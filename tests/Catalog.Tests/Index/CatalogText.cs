namespace Platform.Catalog.Tests.Index;

/// <summary>A catalogue written out line by line, so that two catalogues compare as text and a failure shows the lines that differ.</summary>
internal static class CatalogText
{
    public static IReadOnlyList<string> Lines(ImageCatalog catalog) =>
    [
        .. catalog.Images
            .OrderBy(i => i.Spec.Name, StringComparer.Ordinal)
            .Select(i => $"image {i.Spec.Name} at {i.Spec.Folder}: {i.Inputs.Digest} from [{string.Join(", ", catalog.CatalogueBases(i.Spec.Name).Select(b => b.Name))}]"),
        .. catalog.Problems.Select(p => $"problem of {p.Image}: {p}"),
        .. catalog.UpstreamImages.Select(u => $"upstream {u.Reference} used by [{string.Join(", ", u.UsedBy)}]"),
    ];

    /// <summary>The lines only one side has, for a failure message.</summary>
    public static string Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var missing = expected.Except(actual).Select(l => "  only in the fresh load: " + l);
        var extra = actual.Except(expected).Select(l => "  only in the moved index: " + l);
        var lines = missing.Concat(extra).ToList();
        if (lines.Count > 0)
        {
            return string.Join('\n', lines);
        }

        var first = Enumerable.Range(0, expected.Count).First(i => expected[i] != actual[i]);
        return $"  the same lines in another order, from line {first}:\n  fresh load:\n    {string.Join("\n    ", expected.Skip(first))}\n" +
            $"  moved index:\n    {string.Join("\n    ", actual.Skip(first))}";
    }

    public static string Problems(ImageCatalog catalog) =>
        catalog.Problems.Count == 0 ? "no problems" : string.Join("\n", catalog.Problems);
}

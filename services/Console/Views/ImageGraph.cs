using Platform.Console.Apis;

namespace Platform.Console.Views;

/// <summary>A catalogue image placed in the dependency graph: its column is its depth (bases first), rows within a column.</summary>
public sealed record GraphNode(string Name, string Kind, int Depth, double X, double Y);

/// <summary>A base feeding an image (<c>FROM</c>, or <c>COPY --from</c> drawn dashed).</summary>
public sealed record GraphEdge(GraphNode From, GraphNode To, bool CopyFrom);

/// <summary>
/// The catalogue's dependency graph laid out in columns: an image stands one column right of its deepest catalogue base.
/// Images with neither bases nor dependents in the catalogue are left out (counted in <see cref="Alone"/>). A column of
/// more than <see cref="RowsPerColumn"/> images wraps into several.
/// </summary>
public sealed record ImageGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, int Alone, double Width, double Height)
{
    public const int RowsPerColumn = 40;
    public const double NodeWidth = 230;
    public const double NodeHeight = 22;
    public const double ColumnGap = 70;
    public const double RowGap = 8;
    public const double Margin = 10;

    public static ImageGraph Of(CatalogueDocument catalogue)
    {
        var images = catalogue.Images.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var linked = catalogue.Images.Where(i => i.Bases.Count > 0 || i.Dependents.Count > 0).ToList();
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in linked)
        {
            DepthOf(image.Name, images, depths, []);
        }

        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var column = 0;
        var tallest = 0;
        foreach (var layer in linked.GroupBy(i => depths[i.Name]).OrderBy(g => g.Key))
        {
            // Within a column, an image sits near its bases: ordered by its first base's row, then by name.
            var ordered = layer
                .OrderBy(i => i.Bases.Select(b => nodes.GetValueOrDefault(b.Name)?.Y ?? 0).DefaultIfEmpty(0).Min())
                .ThenBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
            for (var index = 0; index < ordered.Count; index++)
            {
                var (wrap, row) = (index / RowsPerColumn, index % RowsPerColumn);
                tallest = Math.Max(tallest, row + 1);
                nodes[ordered[index].Name] = new GraphNode(ordered[index].Name, ordered[index].Kind, layer.Key,
                    Margin + (column + wrap) * (NodeWidth + ColumnGap), Margin + row * (NodeHeight + RowGap));
            }

            column += (ordered.Count + RowsPerColumn - 1) / RowsPerColumn;
        }

        var edges = linked
            .SelectMany(i => i.Bases.Where(b => nodes.ContainsKey(b.Name)).Select(b => new GraphEdge(nodes[b.Name], nodes[i.Name], b.Kind == "CopyFrom")))
            .ToList();
        return new ImageGraph(
            [.. nodes.Values],
            edges,
            catalogue.Images.Count - linked.Count,
            column == 0 ? 0 : 2 * Margin + column * NodeWidth + (column - 1) * ColumnGap,
            tallest == 0 ? 0 : 2 * Margin + tallest * NodeHeight + (tallest - 1) * RowGap);
    }

    /// <summary>0 for an image without catalogue bases, else one more than its deepest base; a cycle (the builder reports it) stops the walk.</summary>
    private static int DepthOf(string name, Dictionary<string, CatalogueImage> images, Dictionary<string, int> depths, HashSet<string> walking)
    {
        if (depths.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!images.TryGetValue(name, out var image) || !walking.Add(name))
        {
            return 0;
        }

        var depth = image.Bases.Select(b => DepthOf(b.Name, images, depths, walking) + 1).DefaultIfEmpty(0).Max();
        walking.Remove(name);
        depths[name] = depth;
        return depth;
    }
}

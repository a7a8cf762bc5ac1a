using Platform.Console.Apis;
using Platform.Console.Views;

namespace Platform.Console.Tests.Domain;

/// <summary>The dependency graph's layout and picture, from catalogue answers written here.</summary>
public sealed class ImageGraphTests
{
    [Fact]
    public void An_image_stands_one_column_right_of_its_deepest_base_and_images_alone_are_left_out()
    {
        var catalogue = Catalogue(
            Image("root", "Base", [], ["mid", "app"]),
            Image("mid", "Base", [("root", "From")], ["app"]),
            Image("app", "Service", [("root", "CopyFrom"), ("mid", "From")], []),
            Image("alone", "Etl", [], []));

        var graph = ImageGraph.Of(catalogue);

        Assert.Equal(new Dictionary<string, int> { ["root"] = 0, ["mid"] = 1, ["app"] = 2 }, graph.Nodes.ToDictionary(n => n.Name, n => n.Depth));
        Assert.Equal(1, graph.Alone);
        Assert.True(graph.Nodes.Single(n => n.Name == "app").X > graph.Nodes.Single(n => n.Name == "mid").X);
        Assert.Equal([("mid", "app", false), ("root", "app", true), ("root", "mid", false)],
            graph.Edges.Select(e => (e.From.Name, e.To.Name, e.CopyFrom)).Order());
    }

    [Fact]
    public void A_column_of_more_images_than_fit_wraps_into_the_next_and_the_picture_holds_every_box()
    {
        var dependents = Enumerable.Range(0, ImageGraph.RowsPerColumn + 5).Select(i => $"team/app-{i:000}").ToList();
        var catalogue = Catalogue([Image("team/base", "Base", [], dependents), .. dependents.Select(d => Image(d, "Service", [("team/base", "From")], []))]);

        var graph = ImageGraph.Of(catalogue);
        var svg = ImageGraphSvg.Write(graph);

        Assert.Equal(3, graph.Nodes.Select(n => n.X).Distinct().Count());
        Assert.Equal(ImageGraph.RowsPerColumn, graph.Nodes.Count(n => n.Depth == 1 && n.X == graph.Nodes.Where(m => m.Depth == 1).Min(m => m.X)));
        Assert.All(graph.Nodes, n => Assert.True(n.X + ImageGraph.NodeWidth <= graph.Width && n.Y + ImageGraph.NodeHeight <= graph.Height, $"{n.Name} lies outside the picture"));
        Assert.Equal(dependents.Count + 1, svg.Split("<rect ").Length - 1);
        Assert.Equal(dependents.Count, svg.Split("<path ").Length - 1);
    }

    [Fact]
    public void Names_are_escaped_in_the_picture()
    {
        var catalogue = Catalogue(Image("a<b>&c", "Base", [], ["d"]), Image("d", "Service", [("a<b>&c", "From")], []));

        var svg = ImageGraphSvg.Write(ImageGraph.Of(catalogue));

        Assert.Contains("a&lt;b&gt;&amp;c", svg);
        Assert.DoesNotContain("a<b>", svg);
    }

    private static CatalogueDocument Catalogue(params CatalogueImage[] images) => new("0123456789abcdef", images, [], [], []);

    private static CatalogueImage Image(string name, string kind, (string Name, string Kind)[] bases, IReadOnlyList<string> dependents) =>
        new(name, $"images/{name}", kind, $"images/{name}/Dockerfile", ["linux/amd64"], [], null,
            [.. bases.Select((b, i) => new CatalogueBase(b.Name, i + 1, b.Kind))], [], dependents);
}

using System.Globalization;
using System.Security;
using System.Text;

namespace Platform.Console.Views;

/// <summary>The dependency graph as an SVG picture: one box per image coloured by kind, a curve from each base to each image on it.</summary>
public static class ImageGraphSvg
{
    private static readonly IReadOnlyDictionary<string, string> Fill = new Dictionary<string, string>
    {
        ["Base"] = "#e3ebff",
        ["Service"] = "#e3f4e8",
        ["Etl"] = "#fff1dc",
    };

    public static string Write(ImageGraph graph)
    {
        var svg = new StringBuilder();
        var (width, height) = (Math.Max(graph.Width, 320), Math.Max(graph.Height, 40));
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width:0}" height="{height:0}" viewBox="0 0 {width:0} {height:0}" font-family="DejaVu Sans Mono, monospace" font-size="11">""");
        svg.Append("<title>The catalogue's dependency graph</title>");
        if (graph.Nodes.Count == 0)
        {
            svg.Append("""<text x="10" y="24" fill="#667085">No catalogue image starts from another.</text>""");
        }

        foreach (var edge in graph.Edges)
        {
            var (x1, y1) = (edge.From.X + ImageGraph.NodeWidth, edge.From.Y + ImageGraph.NodeHeight / 2);
            var (x2, y2) = (edge.To.X, edge.To.Y + ImageGraph.NodeHeight / 2);
            var bend = Math.Max(20, (x2 - x1) / 2);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<path d="M{x1:0.#},{y1:0.#} C{x1 + bend:0.#},{y1:0.#} {x2 - bend:0.#},{y2:0.#} {x2:0.#},{y2:0.#}" fill="none" stroke="#98a2b3" stroke-width="1"{(edge.CopyFrom ? " stroke-dasharray=\"4 3\"" : "")}/>""");
        }

        foreach (var node in graph.Nodes)
        {
            var name = SecurityElement.Escape(node.Name);
            var label = SecurityElement.Escape(node.Name.Length > 34 ? "…" + node.Name[^33..] : node.Name);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<g data-image="{name}" data-kind="{SecurityElement.Escape(node.Kind)}"><title>{name} ({SecurityElement.Escape(node.Kind.ToLowerInvariant())})</title>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect x="{node.X:0.#}" y="{node.Y:0.#}" width="{ImageGraph.NodeWidth:0}" height="{ImageGraph.NodeHeight:0}" rx="4" fill="{Fill.GetValueOrDefault(node.Kind, "#f2f4f7")}" stroke="#667085"/>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{node.X + 6:0.#}" y="{node.Y + 15:0.#}" fill="#1d2330">{label}</text></g>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}

using Platform.Cli.Export;
using Platform.Testing;
using YamlDotNet.RepresentationModel;

namespace Platform.Cli.Tests.Export;

/// <summary>An export of the committed model, read back as YAML documents (the way kubectl and kustomize read them).</summary>
public sealed class Exported(SortedDictionary<string, string> files)
{
    public static readonly string Manifest = File.ReadAllText(RepositoryRoot.Combine("aspire-manifest.json"));

    public SortedDictionary<string, string> Files { get; } = files;

    public static Exported Of(ExportSettings? settings = null) => new(KubernetesExport.Render(Manifest, settings ?? ExportSettings.Defaults()));

    /// <summary>Every document of the base, with the file it is in.</summary>
    public IEnumerable<(string File, YamlMappingNode Document)> Base =>
        Files.Where(f => f.Key.StartsWith("base/", StringComparison.Ordinal) && f.Key.EndsWith(".yaml", StringComparison.Ordinal) && f.Key != "base/kustomization.yaml")
            .SelectMany(f => Documents(f.Value).Select(d => (f.Key, d)));

    public static IEnumerable<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    public YamlMappingNode Object(string kind, string name) =>
        Base.Select(b => b.Document).Single(d => Text(d, "kind") == kind && Text(d, "metadata", "name") == name);

    /// <summary>The pod templates of every workload, by its name.</summary>
    public IEnumerable<(string Name, string Kind, YamlMappingNode Pod)> Pods =>
        Base.Select(b => b.Document).Where(d => Text(d, "kind") is "StatefulSet" or "Deployment")
            .Select(d => (Text(d, "metadata", "name")!, Text(d, "kind")!, (YamlMappingNode)Node(d, "spec", "template", "spec")!));

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    public static string? Text(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Items(YamlNode node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? sequence.Children.Cast<YamlMappingNode>() : [];

    public static YamlMappingNode Named(YamlNode node, string name, params string[] path) =>
        Items(node, path).SingleOrDefault(i => Text(i, "name") == name) ?? throw new Xunit.Sdk.XunitException($"no item named {name} at {string.Join('.', path)}");

    /// <summary>The environment variable of a container: its value, or "secret:key" (with "?" when optional).</summary>
    public static string? Variable(YamlMappingNode container, string name)
    {
        var item = Items(container, "env").SingleOrDefault(i => Text(i, "name") == name);
        if (item is null)
        {
            return null;
        }

        return Node(item, "valueFrom", "secretKeyRef") is { } reference
            ? $"secret:{Text(reference, "key")}{(Text(reference, "optional") == "true" ? "?" : "")}"
            : Text(item, "value");
    }
}

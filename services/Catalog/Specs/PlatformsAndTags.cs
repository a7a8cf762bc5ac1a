using System.Text.RegularExpressions;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary><c>platforms</c> and <c>tags</c>: a list of names (or one name), each checked, duplicates dropped.</summary>
internal static class PlatformsAndTags
{
    public const string NotAPlatform = "is not a platform Platform builds for (os/architecture[/variant], for example linux/amd64)";
    public const string NotATag = "is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')";

    public static IReadOnlyList<string> Read(SpecNodes nodes, YamlNode node, string what, Regex valid, string invalid)
    {
        var items = node switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode => [node],
            _ => [],
        };
        if (node is YamlMappingNode)
        {
            nodes.Problem(node, $"{what} must be a list");
        }

        var result = new List<string>();
        foreach (var item in items)
        {
            var text = nodes.Scalar(item, what);
            if (text is null)
            {
                continue;
            }

            if (!valid.IsMatch(text))
            {
                nodes.Problem(item, $"'{text}' in {what} {invalid}");
            }
            else if (!result.Contains(text))
            {
                result.Add(text);
            }
        }

        return result;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// A YAML node as the JSON an API server receives from kubectl (sigs.k8s.io/yaml, YAML 1.1 rules): an unquoted
/// <c>8080</c> is a number, an unquoted <c>yes</c>, <c>on</c> or <c>true</c> a boolean, <c>~</c> null; a quoted scalar
/// is a string. Also notes the path of the key on each line, to place the client library's line numbers.
/// </summary>
public static partial class YamlJson
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> Trues = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly HashSet<string> Falses = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

    public static JsonNode? Convert(YamlNode node, string path, IDictionary<long, string> pathByLine) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, path, pathByLine),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select((item, i) => Convert(item, $"{path}[{i}]", pathByLine)).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"{node.NodeType} nodes (aliases) are not expected in an exported manifest"),
    };

    private static JsonObject Mapping(YamlMappingNode mapping, string path, IDictionary<long, string> pathByLine)
    {
        var result = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } text } ? text : throw new YamlException(keyNode.Start, keyNode.End, "a key that is not a string");
            var child = path.Length == 0 ? key : $"{path}.{key}";
            pathByLine.TryAdd(keyNode.Start.Line, child);
            result[key] = Convert(valueNode, child, pathByLine); // YamlStream already refused duplicate keys
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str"))
        {
            return JsonValue.Create(text);
        }

        if (Nulls.Contains(text))
        {
            return null;
        }

        if (Trues.Contains(text) || Falses.Contains(text))
        {
            return JsonValue.Create(Trues.Contains(text));
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (DecimalInteger().IsMatch(plain))
        {
            return long.TryParse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(double.Parse(plain, CultureInfo.InvariantCulture));
        }

        if (OtherInteger().Match(plain) is { Success: true } other)
        {
            var sign = other.Groups["sign"].Value == "-" ? -1 : 1;
            var (digits, radix) = other.Groups["hex"].Success ? (other.Groups["hex"].Value, 16)
                : other.Groups["bin"].Success ? (other.Groups["bin"].Value, 2) : (other.Groups["oct"].Value, 8);
            return JsonValue.Create(sign * System.Convert.ToInt64(digits, radix));
        }

        if (Float().IsMatch(plain))
        {
            return JsonValue.Create(double.Parse(plain, CultureInfo.InvariantCulture));
        }

        return SpecialFloat().IsMatch(text) ? JsonValue.Create(0.0) : JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^(?<sign>[-+]?)(0x(?<hex>[0-9a-fA-F]+)|0b(?<bin>[01]+)|0o?(?<oct>[0-7]+))$")]
    private static partial Regex OtherInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex SpecialFloat();
}

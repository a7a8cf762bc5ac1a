using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Yaml;

/// <summary>
/// Reads the YAML nodes of a spec file and reports what is wrong with each, with its line, to the reader's own list
/// of problems (<paramref name="report"/> gets the line, or null for the whole file, and the message).
/// </summary>
public sealed partial class SpecNodes(string file, Action<int?, string> report)
{
    public string File => file;

    /// <summary>How many problems these nodes have reported.</summary>
    public int Count { get; private set; }

    public IEnumerable<(YamlScalarNode Key, YamlNode Value)> Mapping(YamlNode? node, string what)
    {
        switch (node)
        {
            case null or YamlScalarNode { Value: null or "" or "~" or "null" }:
                yield break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode scalar)
                    {
                        yield return (scalar, value);
                    }
                    else
                    {
                        Problem(key, $"keys of {what} must be plain names");
                    }
                }

                break;
            default:
                Problem(node, $"{what} must be a mapping of 'key: value' lines");
                break;
        }
    }

    /// <summary>The fields of a mapping by name; a field not in <paramref name="known"/> (", " separated) is a problem.</summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields(YamlNode node, string what, string known)
    {
        var fields = Mapping(node, what).ToDictionary(f => f.Key.Value ?? "", f => (f.Key, f.Value), StringComparer.Ordinal);
        foreach (var unknown in fields.Where(f => !known.Split(", ").Contains(f.Key)))
        {
            Unknown(unknown.Value.Key, $"in {what}", known);
        }

        return fields;
    }

    /// <param name="where">Where the key is, as a phrase: <c>at the top level</c>, <c>in service api</c>.</param>
    public void Unknown(YamlScalarNode key, string where, string known) =>
        Problem(key, $"unknown field '{key.Value}' {where}; known fields: {known}");

    public string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Problem(node, $"{what} must be a single value");
        return null;
    }

    public int? Integer(YamlNode node, string what, int min, int max)
    {
        var text = Scalar(node, what);
        if (node is not YamlScalarNode)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(node, $"{what} '{text}' must be a whole number from {min} to {max}");
        return null;
    }

    /// <summary>A duration in <see cref="Durations"/>' grammar within <paramref name="range"/>; anything else, however large, is a problem.</summary>
    public TimeSpan? Duration(YamlNode node, string what, DurationRange range)
    {
        var text = Scalar(node, what);
        if (node is not YamlScalarNode)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var duration))
        {
            Problem(node, $"{what} '{text}' is not a duration ({Durations.Examples}; {range})");
            return null;
        }

        if (!range.Contains(duration))
        {
            Problem(node, $"{what} '{text}' is out of range: it must be {range}");
            return null;
        }

        return duration;
    }

    public IReadOnlyList<string> List(YamlNode node, string what)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children.Select(item => Scalar(item, what)).OfType<string>()];
        }

        Problem(node, $"{what} must be a list, for example [--full, --since, 1d]");
        return [];
    }

    /// <summary>A mapping of environment variables: names as a shell takes them, each with one value.</summary>
    public IReadOnlyDictionary<string, string> Variables(YamlNode node, string what)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, what))
        {
            if (!VariableName().IsMatch(key.Value ?? ""))
            {
                Problem(key, $"'{key.Value}' in {what} is not an environment variable name");
            }

            variables[key.Value!] = Scalar(value, $"{what}.{key.Value}") ?? "";
        }

        return variables;
    }

    public void Problem(YamlNode? node, string message) => Problem(node is null ? null : Line(node), message);

    public void Problem(int? line, string message)
    {
        Count++;
        report(line, message);
    }

    public static int Line(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}

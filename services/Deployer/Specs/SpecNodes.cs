using YamlDotNet.RepresentationModel;

namespace Platform.Deployer.Specs;

/// <summary>Reads YAML nodes of one deployment and collects its problems with their lines.</summary>
internal sealed class SpecNodes(string file, string? deployment, List<DeploymentProblem> problems)
{
    public string File => file;

    public List<DeploymentProblem> Problems => problems;

    /// <summary>How many problems this deployment has.</summary>
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

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        Problem(node, $"{what} '{text}' must be a whole number from {min} to {max}");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string what, DurationRange range)
    {
        var text = Scalar(node, what);
        if (node is not YamlScalarNode)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var duration))
        {
            Problem(node, $"{what} '{text}' is not a duration (for example 30s, 5m, 1h30m; {range})");
            return null;
        }

        if (!range.Contains(duration))
        {
            Problem(node, $"{what} '{text}' is out of range: it must be {range}");
            return null;
        }

        return duration;
    }

    public IReadOnlyDictionary<string, string> Variables(YamlNode node, string what)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, what))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(key.Value ?? "", "^[A-Za-z_][A-Za-z0-9_]*$"))
            {
                Problem(key, $"'{key.Value}' in {what} is not an environment variable name");
            }

            variables[key.Value!] = Scalar(value, $"{what}.{key.Value}") ?? "";
        }

        return variables;
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

    /// <summary>The fields of a mapping by name; a field not in <paramref name="known"/> (", " separated) is a problem.</summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields(YamlNode node, string what, string known)
    {
        var fields = Mapping(node, what).ToDictionary(f => f.Key.Value ?? "", f => (f.Key, f.Value), StringComparer.Ordinal);
        foreach (var unknown in fields.Where(f => !known.Split(", ").Contains(f.Key)))
        {
            Unknown(unknown.Value.Key, known);
        }

        return fields;
    }

    public void Unknown(YamlScalarNode key, string known) => Problem(key, $"unknown field '{key.Value}' (known here: {known})");

    public void Problem(YamlNode? node, string message)
    {
        Count++;
        problems.Add(new DeploymentProblem(deployment, file, node is null ? null : (int)node.Start.Line, message));
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Cli.Export;

/// <summary>
/// Writes nested maps (in insertion order), lists and scalars as block YAML, quoting every string that a YAML
/// reader could take for something else ("8080", "true", "*/5 * * * *"), so the output is deterministic and
/// ConfigMap values stay strings.
/// </summary>
public static partial class YamlWriter
{
    public static string Write(object document)
    {
        var text = new StringBuilder();
        Value(text, document, 0, inList: false);
        return text.ToString();
    }

    private static void Value(StringBuilder text, object? value, int indent, bool inList)
    {
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> map:
                var first = true;
                foreach (var (key, item) in map)
                {
                    if (!(first && inList))
                    {
                        text.Append(' ', indent);
                    }

                    first = false;
                    text.Append(Scalar(key)).Append(':');
                    Child(text, item, indent + 2);
                }

                break;
            case IEnumerable<object?> list:
                foreach (var item in list)
                {
                    text.Append(' ', indent).Append("- ");
                    if (item is IEnumerable<KeyValuePair<string, object?>> or IEnumerable<object?>)
                    {
                        Value(text, item, indent + 2, inList: true);
                    }
                    else
                    {
                        text.Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            default:
                text.Append(' ', indent).Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void Child(StringBuilder text, object? item, int indent)
    {
        switch (item)
        {
            case IEnumerable<KeyValuePair<string, object?>> map when !map.Any():
                text.Append(" {}\n");
                break;
            case IEnumerable<object?> list when !list.Any():
                text.Append(" []\n");
                break;
            case IEnumerable<KeyValuePair<string, object?>>:
                text.Append('\n');
                Value(text, item, indent, inList: false);
                break;
            case IEnumerable<object?>:
                text.Append('\n');
                Value(text, item, indent - 2, inList: false);
                break;
            default:
                text.Append(' ').Append(Scalar(item)).Append('\n');
                break;
        }
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s when Plain().IsMatch(s) && !Reserved().IsMatch(s) => s,
        _ => "\"" + Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
    };

    [GeneratedRegex(@"^[A-Za-z_/][A-Za-z0-9_./-]*$")]
    private static partial Regex Plain();

    [GeneratedRegex("^(true|false|yes|no|on|off|null|y|n|~)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();
}

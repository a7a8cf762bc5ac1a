using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// The API server's rules for names, label keys and values, port names and quantities
/// (k8s.io/apimachinery/pkg/util/validation and pkg/api/resource), each answering null when the text is valid
/// or what is wrong with it.
/// </summary>
public static partial class Syntax
{
    public static string? Dns1123Label(string text) =>
        text.Length is 0 or > 63 || !Label().IsMatch(text)
            ? $"'{text}' is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63)"
            : null;

    public static string? Dns1035Label(string text) =>
        text.Length is 0 or > 63 || !Label1035().IsMatch(text)
            ? $"'{text}' is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63)"
            : null;

    public static string? Dns1123Subdomain(string text) =>
        text.Length is 0 or > 253 || !Subdomain().IsMatch(text)
            ? $"'{text}' is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)"
            : null;

    /// <summary>Names of RBAC objects only need to be usable in a URL path.</summary>
    public static string? PathSegment(string text) =>
        text.Length == 0 || text is "." or ".." || text.Contains('/') || text.Contains('%')
            ? $"'{text}' cannot be used as a name in a URL path"
            : null;

    /// <summary>A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63.</summary>
    public static string? QualifiedName(string text)
    {
        var slash = text.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? ("", text) : (text[..slash], text[(slash + 1)..]);
        if (slash >= 0 && Dns1123Subdomain(prefix) is { } prefixError)
        {
            return $"the prefix of the key '{text}': {prefixError}";
        }

        return name.Length is 0 or > 63 || !Qualified().IsMatch(name)
            ? $"'{text}' is not a qualified name (letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63, with an optional DNS subdomain prefix and '/')"
            : null;
    }

    public static string? LabelValue(string text) =>
        text.Length > 63 || (text.Length > 0 && !Qualified().IsMatch(text))
            ? $"'{text}' is not a label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty)"
            : null;

    /// <summary>IANA_SVC_NAME: container port names, and named ports of probes and policies.</summary>
    public static string? PortName(string text)
    {
        if (text.Length is 0 or > 15)
        {
            return $"'{text}' is not a port name: it must have 1 to 15 characters (IANA_SVC_NAME), it has {text.Length}";
        }

        return !PortNameCharacters().IsMatch(text) || text.Contains("--", StringComparison.Ordinal) || !text.Any(char.IsAsciiLetter)
            ? $"'{text}' is not a port name (IANA_SVC_NAME: lowercase letters, digits and single '-', at least one letter, not starting or ending with '-')"
            : null;
    }

    /// <summary>ConfigMap and Secret keys.</summary>
    public static string? ConfigKey(string text) =>
        text.Length is 0 or > 253 || !ConfigKeyCharacters().IsMatch(text) || text is "." or ".."
            ? $"'{text}' is not a valid data key (letters, digits, '-', '_' and '.', at most 253)"
            : null;

    /// <summary>The value of a Kubernetes quantity (<c>100m</c>, <c>256Mi</c>, <c>1e3</c>), or null when it is not one.</summary>
    public static double? Quantity(string text)
    {
        var match = QuantityPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var number = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        var suffix = match.Groups["suffix"].Value;
        var scale = suffix switch
        {
            "" => 1d, "n" => 1e-9, "u" => 1e-6, "m" => 1e-3, "k" => 1e3, "M" => 1e6, "G" => 1e9, "T" => 1e12, "P" => 1e15, "E" => 1e18,
            "Ki" => 1024d, "Mi" => Math.Pow(1024, 2), "Gi" => Math.Pow(1024, 3), "Ti" => Math.Pow(1024, 4), "Pi" => Math.Pow(1024, 5), "Ei" => Math.Pow(1024, 6),
            _ => Math.Pow(10, int.Parse(suffix[1..], CultureInfo.InvariantCulture)),
        };
        return number * scale;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label1035();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex Qualified();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex PortNameCharacters();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKeyCharacters();

    [GeneratedRegex(@"^(?<number>[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+))(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")]
    private static partial Regex QuantityPattern();
}

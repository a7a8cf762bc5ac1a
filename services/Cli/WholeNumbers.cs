using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Platform.Cli;

/// <summary>Whole-number options and arguments that refuse what is not one, or out of range, with a message that says the range.</summary>
public static class WholeNumbers
{
    /// <summary><c>--limit</c>/<c>-n</c>: how many rows, from 1 to <paramref name="max"/>.</summary>
    public static Option<int> Limit(string description, int defaultValue, int max) => new("--limit", "-n")
    {
        Description = $"{description} (1 to {max})",
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => (int)Parse(result, "--limit", 1, max),
    };

    /// <summary>A token that must be a whole number from <paramref name="min"/> to <paramref name="max"/>; an error on the result otherwise.</summary>
    public static long Parse(ArgumentResult result, string name, long min, long max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == long.MaxValue
            ? $"of {min.ToString(CultureInfo.InvariantCulture)} or more"
            : $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        result.AddError($"{name} '{text}' is not a whole number {range}");
        return min;
    }
}

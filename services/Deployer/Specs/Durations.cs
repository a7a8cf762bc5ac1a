using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Deployer.Specs;

/// <summary>Durations as specs write them: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>500ms</c>, or <c>hh:mm:ss</c>.</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.Contains(':'))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        }

        var match = Units().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            duration += part.Value[unitStart..] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMilliseconds(number),
            };
        }

        return duration > TimeSpan.Zero;
    }

    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: < 1000 } => $"{duration.TotalMilliseconds:0} ms",
        { TotalSeconds: < 120 } => $"{duration.TotalSeconds:0.#} s",
        { TotalMinutes: < 120 } => $"{duration.TotalMinutes:0.#} min",
        _ => $"{duration.TotalHours:0.#} h",
    };

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|h|m|s))+$")]
    private static partial Regex Units();
}

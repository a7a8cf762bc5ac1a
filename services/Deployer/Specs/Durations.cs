using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Deployer.Specs;

/// <summary>Durations as specs write them: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>500ms</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
public static partial class Durations
{
    /// <summary>
    /// Parses without ever throwing. A duration too long for <see cref="TimeSpan"/> comes back as
    /// <see cref="TimeSpan.MaxValue"/>, so that the caller's range check refuses it with its limits
    /// instead of calling it "not a duration".
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.Contains(':'))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        }

        var match = Units().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var milliseconds = 0.0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['d', 'h', 'm', 's']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            milliseconds += number * part.Value[unitStart..] switch
            {
                "d" => TimeSpan.MillisecondsPerDay,
                "h" => TimeSpan.MillisecondsPerHour,
                "m" => TimeSpan.MillisecondsPerMinute,
                "s" => TimeSpan.MillisecondsPerSecond,
                _ => 1,
            };
        }

        duration = milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: < 1000 } => $"{duration.TotalMilliseconds:0} ms",
        { TotalSeconds: < 120 } => $"{duration.TotalSeconds:0.#} s",
        { TotalMinutes: < 120 } => $"{duration.TotalMinutes:0.#} min",
        _ => $"{duration.TotalHours:0.#} h",
    };

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|d|h|m|s))+$")]
    private static partial Regex Units();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Catalog.Yaml;

/// <summary>
/// The one grammar of durations in the repository's spec files (<c>image.yaml</c> and <c>deploy/&lt;env&gt;.yaml</c>):
/// numbers with units, <c>500ms</c>, <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5h</c>, <c>2d</c>, or <c>[d.]hh:mm[:ss]</c>.
/// </summary>
public static partial class Durations
{
    public const string Examples = "for example 30s, 5m, 1h30m";

    /// <summary>
    /// Parses without ever throwing. A duration too long for <see cref="TimeSpan"/> comes back as
    /// <see cref="TimeSpan.MaxValue"/>, so that the caller's range check refuses it with its limits
    /// instead of calling it "not a duration". A bare number has no unit and is no duration.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains(':'))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        }

        var match = Units().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var ticks = 0.0;
        for (var i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            // The pattern admits digits and one point only, which double always reads (a huge number as infinity).
            var number = double.Parse(match.Groups["number"].Captures[i].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += number * match.Groups["unit"].Captures[i].Value switch
            {
                "d" => TimeSpan.TicksPerDay,
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                _ => TimeSpan.TicksPerMillisecond,
            };
        }

        duration = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>A duration for people to read in a message or a page: <c>300 ms</c>, <c>1.5 s</c>, <c>5 min</c>, <c>72 h</c>.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: < 1000 } => $"{duration.TotalMilliseconds:0} ms",
        { TotalSeconds: < 120 } => $"{duration.TotalSeconds:0.#} s",
        { TotalMinutes: < 120 } => $"{duration.TotalMinutes:0.#} min",
        _ => $"{duration.TotalHours:0.#} h",
    };

    /// <summary>One or more parts, each a number and its unit, with spaces allowed between them (<c>1h 30m</c>, <c>90 s</c>).</summary>
    [GeneratedRegex(@"^(?:(?<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+) *(?<unit>ms|d|h|m|s) *)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}

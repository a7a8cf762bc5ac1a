using System.Globalization;

using Platform.Contracts.Api;

namespace Platform.Cli.Watches;

/// <summary>The watches for people: one line each, times relative to now, digests shortened, then a summary line.</summary>
public static class WatchesTableRenderer
{
    private static readonly string[] Headers = ["IMAGE", "WATCH", "ORIGIN", "TAG", "DIGEST", "CHECKED", "NEXT", "LAST ERROR"];

    public static void Write(IReadOnlyList<WatchDocument> shown, IReadOnlyList<WatchDocument> all, DateTimeOffset now, TextWriter output)
    {
        if (shown.Count > 0)
        {
            var rows = shown.Select(w => new[]
            {
                $"{w.Registry}/{w.Image}",
                w.Watch,
                w.Origin.ToLowerInvariant(),
                w.Tag ?? "-",
                ShortDigest(w.AnnouncedDigest),
                Ago(w.LastCheckedAt, now),
                Until(w.NextCheckAt, now),
                w.LastError ?? "",
            });
            WriteTable(rows.Prepend(Headers).ToList(), output);
            output.WriteLine();
        }

        var failing = all.Count(w => w.LastError is not null);
        var announced = all.Count(w => w.AnnouncedDigest is not null);
        output.WriteLine($"{Count(all.Count, "watch", "watches")}, {announced} announced, {Count(failing, "error", "errors")}");
    }

    public static string ShortDigest(string? digest) =>
        digest is null ? "-" : digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    public static string Ago(DateTimeOffset? at, DateTimeOffset now) => at is { } time ? Span(now - time) + " ago" : "never";

    public static string Until(DateTimeOffset? at, DateTimeOffset now) => at is { } time ? (time <= now ? "due" : "in " + Span(time - now)) : "-";

    private static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => "<1s",
        < 120 => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
        < 7200 => ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m",
        < 172800 => ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h",
        _ => ((int)span.TotalDays).ToString(CultureInfo.InvariantCulture) + "d",
    };

    private static void WriteTable(List<string[]> rows, TextWriter output)
    {
        var widths = Enumerable.Range(0, Headers.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        }
    }

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}

using System.Globalization;

namespace Platform.Deployer.Notifications;

/// <summary>Text shared by the message shapes: the one-line fallback, the context line, and cutting to a receiver's limits.</summary>
internal static class Text
{
    public static string Fallback(Notice notice) =>
        $"{notice.Title}" + (notice.Facts.FirstOrDefault(f => f.Key is "Reason" or "Error" or "Digest") is { Key: not null } fact ? $": {fact.Value}" : "");

    public static string Context(Notice notice) =>
        $"{notice.Environment} · {notice.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}"
        + (notice.Collapsed > 0
            ? $" · failed {notice.Collapsed} more time{(notice.Collapsed == 1 ? "" : "s")} since {notice.CollapsedSince?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)} (collapsed)"
            : "");

    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>The last lines that fit in <paramref name="max"/> characters, joined by newlines (the newest matter most).</summary>
    public static string LastFitting(IEnumerable<string> lines, int max)
    {
        var kept = new List<string>();
        var length = 0;
        foreach (var line in lines.Reverse())
        {
            var cut = Cut(line, Math.Min(500, max));
            if (length + cut.Length + 1 > max)
            {
                break;
            }

            kept.Add(cut);
            length += cut.Length + 1;
        }

        kept.Reverse();
        return string.Join('\n', kept);
    }
}

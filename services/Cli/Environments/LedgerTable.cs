using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Environments;

/// <summary>The ledger as a table, newest first; the incidents of an entry under its row.</summary>
public static class LedgerTable
{
    public static void Write(string environment, string deployment, IReadOnlyList<JsonElement> stints, TextWriter output)
    {
        if (stints.Count == 0)
        {
            output.WriteLine($"Nothing has run as {deployment} in {environment} yet.");
            return;
        }

        string[] header = ["ID", "DIGEST", "COMMIT", "FROM", "STARTED (UTC)", "ENDED (UTC)", "RUNS", "ENDED BECAUSE"];
        var rows = stints.Select(s => new[]
        {
            s.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture),
            Short(s.GetProperty("digest").GetString()!),
            Text(s, "commit") is { Length: >= 7 } commit ? commit[..7] : "-",
            Text(s, "promotedFrom") is { } from ? $"{from} #{s.GetProperty("sourceStint").GetInt64()}" : Text(s, "tag") is { } tag ? $"tag {tag}" : "-",
            Time(s, "startedAt"),
            Text(s, "endedAt") is null ? "runs" : Time(s, "endedAt"),
            Text(s, "kind") == "Job" ? $"{s.GetProperty("runsSucceeded").GetInt32()} ok, {s.GetProperty("runsFailed").GetInt32()} failed" : "-",
            Text(s, "endReason") is { } reason ? $"{reason}: {Text(s, "endDetail")}" : "",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(header, widths));
        foreach (var (row, stint) in rows.Zip(stints))
        {
            output.WriteLine(Line(row, widths));
            foreach (var incident in stint.GetProperty("incidents").EnumerateArray())
            {
                output.WriteLine($"    ! {Time(incident, "at")}  {Text(incident, "what")}");
            }
        }
    }

    public static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Time(JsonElement element, string property) =>
        Text(element, property) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "-";

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}

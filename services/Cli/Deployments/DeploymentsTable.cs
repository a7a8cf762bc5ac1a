using System.Globalization;

namespace Platform.Cli.Deployments;

/// <summary>
/// The rollout history as a table, newest first: when, what, the outcome, and what there is to say about it (a redo names
/// the interrupted rollout; a failed rollout shows the new container's last log lines under its row).
/// </summary>
public static class DeploymentsTable
{
    public static void Write(IReadOnlyList<DeploymentRow> rows, TextWriter output)
    {
        if (rows.Count == 0)
        {
            output.WriteLine("No deployments yet.");
            return;
        }

        string[] header = ["ID", "TIME (UTC)", "SERVICE", "OUTCOME", "DIGEST", "COMMIT", "DETAIL"];
        var lines = rows.Select(r => new[]
        {
            r.Id.ToString(CultureInfo.InvariantCulture),
            r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            r.Service,
            r.Outcome,
            Short(r.Digest),
            r.Commit is { Length: >= 7 } commit ? commit[..7] : "-",
            (r.RetryOf is { } interrupted ? $"redo of #{interrupted} (attempt {r.Attempt}): " : "") + (r.Error ?? r.Detail ?? r.Endpoint ?? ""),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, lines.Max(l => l[i].Length))).ToArray();
        output.WriteLine(Line(header, widths));
        foreach (var (line, row) in lines.Zip(rows))
        {
            output.WriteLine(Line(line, widths));
            // A failed or rolled-back rollout: what the new container said last, under its row.
            foreach (var logLine in row.LogTail ?? [])
            {
                output.WriteLine($"    | {logLine}");
            }
        }
    }

    /// <summary>sha256:0123456789ab, as docker shows image ids.</summary>
    public static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}

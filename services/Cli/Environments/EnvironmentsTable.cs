using System.Text.Json;

namespace Platform.Cli.Environments;

/// <summary>One row per deployment of each environment; under a promoted one, what waits and why, in the deployer's words.</summary>
public static class EnvironmentsTable
{
    public static void Write(IReadOnlyList<JsonElement> environments, TextWriter output)
    {
        string[] header = ["ENVIRONMENT", "DEPLOYMENT", "KIND", "RUNS", "SINCE (UTC)", "STATE"];
        var rows = new List<(string[] Cells, string? Summary)>();
        var problems = new List<string>();
        foreach (var environment in environments)
        {
            var name = LedgerTable.Text(environment, "environment") ?? "?";
            foreach (var (kind, section) in new[] { ("service", "services"), ("job", "jobs") })
            {
                foreach (var deployment in environment.GetProperty(section).EnumerateArray())
                {
                    var state = deployment.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
                    var runs = state.ValueKind == JsonValueKind.Object && state.GetProperty("runs") is { ValueKind: JsonValueKind.Object } r ? r : default;
                    var promotion = state.ValueKind == JsonValueKind.Object && state.GetProperty("promotion") is { ValueKind: JsonValueKind.Object } p ? p : default;
                    var follows = deployment.TryGetProperty("follows", out var f) && f.ValueKind == JsonValueKind.Object
                        ? $"follows {LedgerTable.Text(f, "policy")} {LedgerTable.Text(f, "value")}"
                        : "promoted";
                    rows.Add(([
                        name,
                        LedgerTable.Text(deployment, "name") ?? "?",
                        kind,
                        runs.ValueKind == JsonValueKind.Object ? LedgerTable.Short(LedgerTable.Text(runs, "digest")!) : "-",
                        runs.ValueKind == JsonValueKind.Object ? LedgerTable.Time(runs, "since") : "-",
                        promotion.ValueKind == JsonValueKind.Object ? LedgerTable.Text(promotion, "state") ?? "?" : follows,
                    ], promotion.ValueKind == JsonValueKind.Object ? LedgerTable.Text(state, "summary") : null));
                }
            }

            problems.AddRange(environment.GetProperty("problems").EnumerateArray().Select(p => p.GetString() ?? ""));
        }

        if (rows.Count == 0)
        {
            output.WriteLine("No deployments.");
        }
        else
        {
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r.Cells[i].Length))).ToArray();
            output.WriteLine(Line(header, widths));
            foreach (var (cells, summary) in rows)
            {
                output.WriteLine(Line(cells, widths));
                if (summary is not null)
                {
                    output.WriteLine($"    {summary}");
                }
            }
        }

        if (problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Left out (problems of the environment files):");
            foreach (var problem in problems)
            {
                output.WriteLine($"  {problem}");
            }
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}

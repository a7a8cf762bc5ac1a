using Platform.Catalog.Planning;

namespace Platform.Cli.Plan;

/// <summary>The plan for people: one table of the builds by wave, one reason a line, then the problems and a summary line.</summary>
public static class PlanTableRenderer
{
    private static readonly string[] Headers = ["WAVE", "IMAGE", "KIND", "FOLDER", "REASONS"];

    public static void Write(ChangePlan plan, TextWriter output)
    {
        if (plan.Plan.Builds.Count > 0)
        {
            WriteTable(Rows(plan.Plan), output);
            output.WriteLine();
        }

        var problems = plan.Problems;
        if (problems.Count > 0)
        {
            output.WriteLine($"Problems at {BuildPlanner.Short(plan.To)} (the images they belong to are left out of the plan):");
            foreach (var problem in problems)
            {
                output.WriteLine($"  {problem}");
            }

            output.WriteLine();
        }

        output.WriteLine(Summary(plan, problems.Count));
    }

    /// <summary>"3 images to build in 2 waves at abc1234 (since def5678); 1 problem".</summary>
    public static string Summary(ChangePlan plan, int problems)
    {
        var builds = plan.Plan.Builds.Count;
        var waves = plan.Plan.Waves.Count();
        var text = $"{Count(builds, "image")} to build" + (waves > 0 ? $" in {Count(waves, "wave")}" : "") + $" at {BuildPlanner.Short(plan.To)}";
        text += plan.From is { } from ? $" (since {BuildPlanner.Short(from)})" : " (a root commit: nothing was built before it)";
        return problems > 0 ? $"{text}; {Count(problems, "problem")}" : text;
    }

    private static IEnumerable<string[]> Rows(BuildPlan plan)
    {
        foreach (var wave in plan.Waves)
        {
            var waveLabel = wave.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var build in wave)
            {
                var spec = build.Image.Spec;
                yield return [waveLabel, spec.Name, spec.Kind.ToString().ToLowerInvariant(), spec.Folder, build.Reasons[0]];
                // Only the first row of a wave names it, so the waves stand out as groups.
                waveLabel = "";
                foreach (var reason in build.Reasons.Skip(1))
                {
                    yield return ["", "", "", "", reason];
                }
            }
        }
    }

    private static void WriteTable(IEnumerable<string[]> rows, TextWriter output)
    {
        var all = rows.Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(column => all.Max(row => row[column].Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

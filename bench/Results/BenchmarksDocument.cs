using System.Globalization;
using System.Text;

namespace Platform.Bench.Results;

/// <summary>
/// docs/benchmarks.md: a summary of every benchmark's headline figure quiet and busy, then per benchmark its
/// table with the quiet and the busy value of each figure side by side (Platform, baseline and, where there is
/// one, the peer), the goals, and when, on which machine and under what load each run was made.
/// </summary>
public static class BenchmarksDocument
{
    public const string NotRun = "not run";

    public static string Render(IReadOnlyList<(string Name, BenchmarkResult? Quiet, BenchmarkResult? Busy)> results)
    {
        var document = new StringBuilder();
        document.AppendLine("# Benchmarks");
        document.AppendLine();
        document.AppendLine("Written by `bash bench/run.sh` from `bench/results/*.json`; every benchmark compares Platform with a baseline");
        document.AppendLine("measured in the same run on the same machine. Do not edit by hand.");
        document.AppendLine();
        document.AppendLine("Each benchmark runs twice: **quiet** (nothing added by the bench; `<name>.json`) and **busy** (the bench adds a");
        document.AppendLine($"fixed background load, {BackgroundLoad.Processes} CPU-bound processes at nice 0 that it starts before and kills by PID after;");
        document.AppendLine("`<name>.busy.json`). `bash bench/run.sh [name...]` runs both, `--quiet` or `--busy` only one (or `BENCH_LOAD=quiet|busy|both`).");
        document.AppendLine("A run also records the machine and its load averages: a quiet run that other work shared is marked as such.");
        document.AppendLine();
        document.AppendLine("## Summary");
        document.AppendLine();
        document.AppendLine("| benchmark | measure | Platform quiet | baseline quiet | Platform busy | baseline busy | goal | busy goal |");
        document.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var (name, quiet, busy) in results)
        {
            var any = quiet ?? busy!;
            document.AppendLine($"| [{name}](#{name}) | {any.Unit} | {Headline(quiet, r => r.Platform)} | {Headline(quiet, r => r.Baseline)} | " +
                $"{Headline(busy, r => r.Platform)} | {Headline(busy, r => r.Baseline)} | {any.Goal} | {BusyGoal(name, quiet, busy)} |");
        }

        foreach (var (name, quiet, busy) in results)
        {
            Section(document, name, quiet, busy);
        }

        return document.ToString();
    }

    private static void Section(StringBuilder document, string name, BenchmarkResult? quiet, BenchmarkResult? busy)
    {
        var any = quiet ?? busy!;
        var peer = quiet?.PeerName ?? busy?.PeerName;
        document.AppendLine();
        document.AppendLine($"<a id=\"{name}\"></a>");
        document.AppendLine($"## {any.Benchmark}");
        document.AppendLine();
        document.AppendLine($"`{name}`. Baseline: {any.BaselineName}.{(peer is null ? "" : $" Peer: {peer}.")}");
        document.AppendLine();
        document.AppendLine($"- Quiet run: {Describe(quiet)}. Goal: {quiet?.Goal ?? busy!.Goal}.");
        document.AppendLine($"- Busy run: {Describe(busy)}. Goal: {BusyGoal(name, quiet, busy)}.");
        document.AppendLine();
        var peerHeads = peer is null ? "" : " peer quiet |";
        var peerBusyHeads = peer is null ? "" : " peer busy |";
        document.AppendLine($"| measure | Platform quiet | baseline quiet |{peerHeads} Platform busy | baseline busy |{peerBusyHeads}");
        document.AppendLine($"| --- | ---: | ---: |{(peer is null ? "" : " ---: |")} ---: | ---: |{(peer is null ? "" : " ---: |")}");
        document.AppendLine($"| **{any.Unit}** | **{Headline(quiet, r => r.Platform)}** | **{Headline(quiet, r => r.Baseline)}** |" +
            (peer is null ? "" : $" **{Headline(quiet, r => r.Peer)}** |") +
            $" **{Headline(busy, r => r.Platform)}** | **{Headline(busy, r => r.Baseline)}** |" +
            (peer is null ? "" : $" **{Headline(busy, r => r.Peer)}** |"));
        var measures = (quiet?.Rows ?? []).Concat(busy?.Rows ?? []).Select(r => r.Measure).Distinct(StringComparer.Ordinal);
        foreach (var measure in measures)
        {
            var q = quiet?.Rows.FirstOrDefault(r => r.Measure == measure);
            var b = busy?.Rows.FirstOrDefault(r => r.Measure == measure);
            document.AppendLine($"| {measure} | {Cell(quiet, q, r => r.Platform)} | {Cell(quiet, q, r => r.Baseline)} |" +
                (peer is null ? "" : $" {Cell(quiet, q, r => r.Peer ?? "-")} |") +
                $" {Cell(busy, b, r => r.Platform)} | {Cell(busy, b, r => r.Baseline)} |" +
                (peer is null ? "" : $" {Cell(busy, b, r => r.Peer ?? "-")} |"));
        }

        var details = (quiet?.Details ?? []).ToList();
        var busyOnly = (busy?.Details ?? []).Where(d => !details.Contains(d)).ToList();
        if (details.Count + busyOnly.Count > 0)
        {
            document.AppendLine();
            foreach (var line in details)
            {
                document.AppendLine($"- {line}");
            }

            foreach (var line in busyOnly)
            {
                document.AppendLine($"- {(quiet is null ? "" : "Busy run: ")}{line}");
            }
        }
    }

    /// <summary>The goal of the busy run: the one it was held to, else the one it will be held to; "as quiet" when it is the quiet goal.</summary>
    private static string BusyGoal(string name, BenchmarkResult? quiet, BenchmarkResult? busy)
    {
        var goal = busy?.Goal ?? RunModes.BusyGoal(name) ?? quiet?.Goal;
        return goal == quiet?.Goal || (quiet is null && RunModes.BusyGoal(name) is null) ? "as quiet" : goal!;
    }

    private static string Describe(BenchmarkResult? result) => result switch
    {
        null => NotRun,
        { Run: null } => $"{result.Date} (machine and load not recorded: run before busy runs existed)",
        _ => $"{result.Date}, {result.Run.Describe()}",
    };

    private static string Headline(BenchmarkResult? result, Func<BenchmarkResult, double?> value) =>
        result is null ? NotRun : value(result) is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";

    private static string Cell(BenchmarkResult? result, BenchmarkRow? row, Func<BenchmarkRow, string> value) =>
        result is null ? NotRun : row is null ? "-" : value(row);
}

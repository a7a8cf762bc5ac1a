using Platform.Bench.Commits;
using Platform.Bench.ConsolePages;
using Platform.Bench.Deploy;
using Platform.Bench.Load;
using Platform.Bench.Plan;
using Platform.Bench.Loop;
using Platform.Bench.Results;
using Platform.Bench.Watch;

// bash bench/run.sh [--quiet|--busy] [name...]: runs the benchmarks (all, or the ones named), each quiet then busy (or the mode
// named; BENCH_LOAD=quiet|busy|both does the same), prints their tables, writes bench/results and docs/benchmarks.md.
// The load runs (load-commit, load-deploy, load-webhooks; "load" for all three) run only when named, quiet only, and write
// docs/reliability.md's Load section.
if (args is [PlanInNewProcess.Argument, ..])
{
    // A child of build-plan: the first plan of a process that just started.
    return await PlanInNewProcess.RunAsync(args[1..]);
}

if (args is [WarmPlansInNewProcess.Argument, ..])
{
    // A child of build-plan: the builder's planner walking the benchmark's commits.
    return await WarmPlansInNewProcess.RunChildAsync(args[1..]);
}

var root = FindRoot();
var modes = RunModes.Parse(args, Environment.GetEnvironmentVariable("BENCH_LOAD"));
args = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
string[] Load = [LoadCommitRun.Name, LoadDeployRun.Name, LoadWebhooksRun.Name];
string[] All =
[
    PlanBenchmark.Name,
    Platform.Bench.Build.BuildOverheadBenchmark.Name,
    Platform.Bench.Build.SampleChainBenchmark.Name,
    DeployLatencyBenchmark.Name,
    DecisionBenchmark.Name,
    PollCycleBenchmark.Name,
    DetectionLatencyBenchmark.Name,
    PushLatencyBenchmark.Name,
    ConsoleRenderBenchmark.Name,
    LoopBenchmark.Name,
    Platform.Bench.Cli.CliStartupBenchmark.Name,
];
var wanted = args.Length == 0 ? All : args.SelectMany(a => a == "load" ? Load : [a]).ToArray();
if (wanted.FirstOrDefault(n => !All.Contains(n) && !Load.Contains(n)) is { } unknown)
{
    Console.Error.WriteLine($"unknown benchmark '{unknown}'; known: {string.Join(", ", All.Concat(Load))}, load; modes: --quiet, --busy (default: both)");
    return 2;
}

var failed = new List<string>();
foreach (var name in wanted)
{
    if (Load.Contains(name))
    {
        var load = name switch
        {
            LoadCommitRun.Name => await LoadCommitRun.RunAsync(Console.Out),
            LoadDeployRun.Name => await LoadDeployRun.RunAsync(Console.Out),
            _ => await LoadWebhooksRun.RunAsync(Console.Out),
        };
        LoadResultsWriter.Write(root, load);
        Console.WriteLine();
        Console.WriteLine($"{load.Title}: {(load.Passed ? "every check passed" : "FAILED")}");
        foreach (var figure in load.Figures)
        {
            Console.WriteLine($"  {figure.Measure,-60} {figure.Value}");
        }

        if (!load.Passed)
        {
            failed.Add(name);
        }

        continue;
    }

    foreach (var busy in modes)
    {
        var result = await RunAsync(root, name, busy);
        ResultsWriter.Write(root, name, result, busy);
        Console.WriteLine();
        Console.WriteLine($"{result.Benchmark}  [{(busy ? "busy" : "quiet")}]  (goal: {result.Goal})");
        Console.WriteLine($"  {result.Run?.Describe()}");
        Console.WriteLine($"  {"measure",-42} {"Platform",12} {"baseline",12}{(result.PeerName is null ? "" : $" {"peer",12}")}");
        Console.WriteLine($"  {result.Unit,-42} {result.Platform,12:0.###} {result.Baseline,12:0.###}{(result.Peer is { } p ? $" {p,12:0.###}" : "")}");
        foreach (var row in result.Rows)
        {
            Console.WriteLine($"  {row.Measure,-42} {row.Platform,12} {row.Baseline,12}{(row.Peer is null ? "" : $" {row.Peer,12}")}");
        }

        Console.WriteLine($"  baseline: {result.BaselineName}{(result.PeerName is null ? "" : $"; peer: {result.PeerName}")}");
    }
}

if (failed.Count > 0)
{
    Console.Error.WriteLine($"load runs with failed checks: {string.Join(", ", failed)} (see docs/reliability.md)");
    return 1;
}

return 0;

static async Task<BenchmarkResult> RunAsync(string root, string name, bool busy)
{
    var loadBefore = RunConditions.LoadNow();
    BackgroundLoad? load = busy ? BackgroundLoad.Start(Console.Out) : null;
    BenchmarkResult result;
    try
    {
        result = name switch
        {
            PlanBenchmark.Name => await PlanBenchmark.RunAsync(Console.Out),
            Platform.Bench.Build.BuildOverheadBenchmark.Name => await Platform.Bench.Build.BuildOverheadBenchmark.RunAsync(Console.Out),
            Platform.Bench.Build.SampleChainBenchmark.Name => await Platform.Bench.Build.SampleChainBenchmark.RunAsync(Console.Out),
            DeployLatencyBenchmark.Name => await DeployLatencyBenchmark.RunAsync(Console.Out),
            DecisionBenchmark.Name => await DecisionBenchmark.RunAsync(Console.Out),
            PollCycleBenchmark.Name => await PollCycleBenchmark.RunAsync(Console.Out),
            DetectionLatencyBenchmark.Name => await DetectionLatencyBenchmark.RunAsync(Console.Out),
            PushLatencyBenchmark.Name => await PushLatencyBenchmark.RunAsync(Console.Out),
            ConsoleRenderBenchmark.Name => await ConsoleRenderBenchmark.RunAsync(Console.Out),
            LoopBenchmark.Name => await LoopBenchmark.RunAsync(Console.Out),
            Platform.Bench.Cli.CliStartupBenchmark.Name => await Platform.Bench.Cli.CliStartupBenchmark.RunAsync(root, Console.Out),
            _ => throw new ArgumentException($"unknown benchmark '{name}'"),
        };
    }
    finally
    {
        load?.Dispose();
    }

    var run = RunConditions.Finish(busy ? RunConditions.Busy : RunConditions.Quiet, busy ? BackgroundLoad.Description : "none",
        busy ? BackgroundLoad.Processes : 0, loadBefore);
    return result with { Goal = busy ? RunModes.BusyGoal(name) ?? result.Goal : result.Goal, Run = run };
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run the benchmarks from inside the Platform checkout");
}

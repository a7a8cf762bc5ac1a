using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;

namespace Platform.Bench.Plan;

/// <summary>
/// The first plan of a builder process that just started, measured in a new process of the benchmark (cold JIT, nothing
/// in memory) as a restarted builder has it: either with no saved index (the whole catalogue is analysed) or with the
/// saved index of the commit it planned last (loaded, then moved by the diff to the next commit). The process runs with
/// the builder's runtime settings (its garbage collector, tiered PGO), not the benchmark's.
/// </summary>
public static class PlanInNewProcess
{
    public const string Argument = "--first-plan";

    /// <summary>Runs the benchmark executable once; returns the milliseconds of the plan, the images it analysed and the milliseconds of the warm-up at start (restart only).</summary>
    /// <param name="store">The folder of saved indexes, or null for a cold start.</param>
    public static async Task<(double Milliseconds, int Analysed, double WarmUp)> MeasureAsync(string repository, string? store, string previous, string commit)
    {
        var (exitCode, output, error) = await BuilderRuntime.RunBenchChildAsync([Argument, repository, store ?? "-", previous, commit]);
        var fields = output.Trim().Split(' ');
        if (exitCode != 0 || fields.Length != 3)
        {
            throw new InvalidOperationException($"the first-plan process failed (exit {exitCode}): {output} {error}");
        }

        return (double.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The child's side: prints "&lt;milliseconds&gt; &lt;images analysed&gt; &lt;warm-up milliseconds&gt;".</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (repository, store, previous, commit) = (new GitRepository(args[0]), args[1] == "-" ? null : args[1], args[2], args[3]);
        var noArgs = new Dictionary<string, string>();
        var watch = Stopwatch.StartNew();
        int analysed;
        double warmUp = 0;
        if (store is null)
        {
            // The first catalogue of a repository: every image analysed.
            var index = await CatalogIndex.LoadAsync(repository, commit, "images", noArgs, CancellationToken.None);
            analysed = index.ImagesAnalysed;
        }
        else
        {
            // A restarted builder: at start it loads the saved index of the commit it planned last, moves it to its parent and
            // back and plans that commit once (PlannerWarmUp, off every commit's path: timed apart); the next commit is then
            // moved by the diff and planned.
            var cursor = new CatalogCursor(repository, "images", noArgs, new CatalogIndexStore(store, NullLogger<CatalogIndexStore>.Instance));
            var savedCommit = await cursor.WarmUpAsync(CancellationToken.None) ?? throw new InvalidOperationException("no saved index to restart from");
            var before = await cursor.AtAsync(savedCommit, CancellationToken.None);
            BuildPlanner.Plan(before, name => before.Find(name) is { } image ? new LastBuild(previous, image.Inputs, noArgs, null) : null);
            warmUp = watch.Elapsed.TotalMilliseconds;
            var analysedAtStart = cursor.ImagesAnalysed;
            watch.Restart();
            var after = await cursor.AtAsync(commit, CancellationToken.None);
            BuildPlanner.Plan(after, name => before.Find(name) is { } image ? new LastBuild(previous, image.Inputs, noArgs, null) : null);
            analysed = cursor.ImagesAnalysed - analysedAtStart;
            watch.Stop();
            await cursor.SavedAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalMilliseconds:0.#} {analysed} {warmUp:0.#}"));
        return 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Results;
using Platform.Testing;

namespace Platform.Bench.Plan;

/// <summary>
/// The time to compute the build plan of a 10-file commit in a monorepo of 2,000 images and 100,000
/// files, against hand-written path filters doing their (less exact) job on the same commits.
/// </summary>
public static class PlanBenchmark
{
    public const string Name = "build-plan";
    private const int FilesPerImage = 49;
    private const int Rounds = 25;
    private const int FilesPerCommit = 10;
    private const int StartRuns = 3;

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        var generation = Stopwatch.StartNew();
        using var repo = Monorepo.Create(FilesPerImage);
        output.WriteLine($"generated {Monorepo.Count(repo.FileCount)} files in {generation.Elapsed.TotalSeconds:F1} s at {repo.Path}");

        var start = repo.Head();
        using var saved = new TempDirectory("bench-saved-index");
        // The commits first, then the builder's planner walks them in a process of its own (the builder's runtime settings).
        var commits = new List<string> { start };
        for (var round = 0; round < Rounds; round++)
        {
            commits.Add(repo.CommitChanges(FilesPerCommit, round));
        }

        var walk = await WarmPlansInNewProcess.RunAsync(repo.Path, saved.Path, commits);
        if (walk.Problems.Count > 0)
        {
            throw new InvalidOperationException("the generated catalogue has problems: " + string.Join("; ", walk.Problems));
        }

        var imageCount = walk.Images;
        var baseline = new PathFilterBaseline(repo.PathFilters);
        var platformTimes = new List<double>();
        var baselineTimes = new List<double>();
        var platformSelected = new List<int>();
        var baselineSelected = new List<int>();
        for (var round = 0; round < Rounds; round++)
        {
            var (previous, commit) = (commits[round], commits[round + 1]);
            platformTimes.Add(walk.Rounds[round].Milliseconds);
            platformSelected.Add(walk.Rounds[round].Planned.Count);

            var watch = Stopwatch.StartNew();
            var selected = baseline.Select(repo, previous, commit);
            watch.Stop();
            baselineTimes.Add(watch.Elapsed.TotalMilliseconds);
            baselineSelected.Add(selected.Count);

            var missed = walk.Rounds[round].Planned.Except(selected).ToList();
            if (missed.Count > 0)
            {
                throw new InvalidOperationException($"round {round}: Platform plans images the path filters do not select ({string.Join(", ", missed.Take(3))}); the comparison would be unfair");
            }
        }

        var previousCommit = commits[^1];
        // A builder that starts: without a saved index (every image analysed), and restarted with the index of its last commit.
        var next = repo.CommitChanges(FilesPerCommit, Rounds);
        var coldStarts = new List<double>();
        var restarts = new List<double>();
        var warmUps = new List<double>();
        var analysedAfterRestart = 0;
        for (var run = 0; run < StartRuns; run++)
        {
            coldStarts.Add((await PlanInNewProcess.MeasureAsync(repo.Path, null, previousCommit, next)).Milliseconds);
            // Each restart starts from the same saved file (the process saves the next commit's index when it is done).
            using var copy = new TempDirectory("bench-restart");
            foreach (var file in Directory.GetFiles(saved.Path))
            {
                File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
            }

            var (milliseconds, analysed, warmUp) = await PlanInNewProcess.MeasureAsync(repo.Path, copy.Path, previousCommit, next);
            restarts.Add(milliseconds);
            warmUps.Add(warmUp);
            analysedAfterRestart = analysed;
        }

        var savedBytes = Directory.GetFiles(saved.Path).Sum(f => new FileInfo(f).Length);

        // The first rounds warm the JIT; the table reports the rest.
        var platform = platformTimes.Skip(5).ToList();
        var filters = baselineTimes.Skip(5).ToList();
        return new BenchmarkResult(
            "Build plan of a 10-file commit (2,000 images, 100,000 files)",
            "median ms per plan",
            Median(platform),
            Median(filters),
            "path filters (git diff --name-only + globs per image)",
            "Platform under 100 ms; a new repository's first catalogue under 1 s; the first plan after a restart as fast as a warm one",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows =
            [
                new("p95 ms per plan", Format(Percentile(platform, 0.95)), Format(Percentile(filters, 0.95))),
                new("images selected per commit (mean)", Format(platformSelected.Average()), Format(baselineSelected.Average())),
                new("first catalogue of the repository (cold, new process) ms", Format(Median(coldStarts)), "n/a"),
                new("first plan after a restart (saved index, new process) ms", Format(Median(restarts)), "n/a"),
                new("images analysed by that plan after a restart", Format(analysedAfterRestart), "n/a"),
                new("warm-up at the restarted builder's start (saved index loaded, its commit planned) ms", Format(Median(warmUps)), "n/a"),
                new("first catalogue of the walk's process (cold, before its commits) ms", Format(walk.ColdMilliseconds), "n/a"),
            ],
            Details =
            [
                $"{Monorepo.Count(imageCount)} images ({Monorepo.Bases} bases, {Monorepo.Groups} groups of {Monorepo.ImagesPerGroup}), {Monorepo.Count(repo.FileCount)} files; a tenth of the groups build from a shared group context.",
                $"{Rounds} commits of {FilesPerCommit} changed source files each; the first 5 warm up and are not counted.",
                "Platform: move the catalogue index to the commit (git diff-tree, re-analysis of the touched images: spec, Dockerfile, .dockerignore, COPY sources) and plan with waves and reasons.",
                "Baseline: one git diff --name-only, then every image's glob list (its folder, its base's folder, its shared folder) matched with Microsoft.Extensions.FileSystemGlobbing, as a hand-written workflow would.",
                $"Cold and restart figures: the median of {StartRuns} new processes each (cold JIT, nothing in memory). Cold: the catalogue of a repository no index was saved for, every image analysed. " +
                $"Restart: at start the builder loads the saved index of the commit it planned last ({Format(savedBytes / 1048576.0)} MiB in the data folder) and plans that commit once (the warm-up row, off every commit's path); the figure is the next {FilesPerCommit}-file commit, moved by the diff and planned.",
                "The warm plans go through the builder's planner cursor in a process of its own with the builder's runtime settings (server GC, tiered PGO off, from its runtimeconfig.json), the commits made beforehand; the cursor saves the index as the builder does (the first commit's at once, then at most every 15 s, and at the end).",
                "The baseline selects more images: it cannot tell a README or a file no COPY reads from a real input, and it rebuilds every image of a base's folder filter.",
            ],
        };
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

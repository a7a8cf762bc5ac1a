using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;

namespace Platform.Bench.Plan;

/// <summary>
/// The builder's planner walking a run of commits, in a process of its own with the builder's runtime settings (server GC,
/// tiered PGO as the builder has them): the catalogue loaded at the first commit (cold), then each next commit moved by
/// the diff and planned against builds of every image at the commit before, the index saved as the builder saves it.
/// </summary>
public static class WarmPlansInNewProcess
{
    public const string Argument = "--warm-plans";

    /// <summary>What the walk measured: the cold first catalogue, and per commit the milliseconds of its plan and the images it plans.</summary>
    public sealed record Walk(double ColdMilliseconds, int Images, IReadOnlyList<string> Problems, IReadOnlyList<Round> Rounds);

    public sealed record Round(double Milliseconds, IReadOnlyList<string> Planned);

    public static async Task<Walk> RunAsync(string repository, string store, IReadOnlyList<string> commits)
    {
        var (exitCode, output, error) = await BuilderRuntime.RunBenchChildAsync([Argument, repository, store, .. commits]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"the warm-plans process failed (exit {exitCode}): {error}");
        }

        return JsonSerializer.Deserialize<Walk>(output) ?? throw new InvalidOperationException("the warm-plans process printed nothing");
    }

    /// <summary>The child's side: prints the <see cref="Walk"/> as JSON.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (repository, store, commits) = (new GitRepository(args[0]), args[1], args[2..]);
        var noArgs = new Dictionary<string, string>();
        var cursor = new CatalogCursor(repository, "images", noArgs, new CatalogIndexStore(store, NullLogger<CatalogIndexStore>.Instance));
        var cold = Stopwatch.StartNew();
        var catalog = await cursor.AtAsync(commits[0], CancellationToken.None);
        cold.Stop();
        var rounds = new List<Round>();
        for (var i = 1; i < commits.Length; i++)
        {
            // Everything was built at the previous commit; what does this one need?
            var previous = commits[i - 1];
            var built = catalog.Images.ToDictionary(
                image => image.Spec.Name, image => new LastBuild(previous, image.Inputs, noArgs, null), StringComparer.Ordinal);
            var watch = Stopwatch.StartNew();
            catalog = await cursor.AtAsync(commits[i], CancellationToken.None);
            var plan = BuildPlanner.Plan(catalog, built.GetValueOrDefault);
            watch.Stop();
            rounds.Add(new Round(watch.Elapsed.TotalMilliseconds, [.. plan.Builds.Select(b => b.Image.Spec.Name)]));
        }

        // As a builder that stops: the index of the last commit is written.
        await cursor.DisposeAsync();
        Console.WriteLine(JsonSerializer.Serialize(new Walk(
            cold.Elapsed.TotalMilliseconds, catalog.Images.Count, [.. catalog.Problems.Take(3).Select(p => p.ToString())], rounds)));
        return 0;
    }
}

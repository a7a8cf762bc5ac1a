using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Results;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Testing;

namespace Platform.Bench.Build;

/// <summary>
/// Building and pushing one image with Platform (git archive, .dockerignore, the engine's build API, push
/// through a staging repository, one index per tag) against `docker build` then `docker push` doing the
/// same in the same run, on the same engine and registry, each round with fresh content on both sides.
/// </summary>
public static class BuildOverheadBenchmark
{
    public const string Name = "build-overhead";
    private const int Rounds = 6;
    private const int DataFiles = 40;
    private const int FileBytes = 256 * 1024;

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var registry = new RegistryServer();
        await registry.StartAsync();
        using var repo = await TempGitRepository.CreateAsync();
        using var data = new TempDirectory("bench-builder");
        var random = new Random(20261126);
        repo.WriteFile("images/app/image.yaml", "name: bench/app\nplatforms: [linux/amd64]\n");
        repo.WriteFile("images/app/Dockerfile", "FROM platform/root:busybox-amd64\nCOPY data/ /data/\nRUN cat /data/* | wc -c > /size\nCOPY app.sh /app.sh\n");
        repo.WriteFile("images/app/app.sh", "#!/bin/sh\ncat /size\n");
        for (var i = 0; i < DataFiles; i++)
        {
            WriteRandom(repo, $"images/app/data/part-{i:00}.bin", random);
        }

        await repo.CommitAllAsync("the benchmark image");
        using var parts = new BuilderParts(repo.Path, registry.BaseUri, data.Path, new Dictionary<string, string>());
        var git = new GitRepository(repo.Path);
        var platform = new List<double>();
        var cli = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // Fresh content for each side, so that neither finds the other's layer in the build cache.
            WriteRandom(repo, "images/app/data/part-00.bin", random);
            var commit = await repo.CommitAllAsync($"round {round} for Platform");
            var platformFirst = round % 2 == 0;
            if (platformFirst)
            {
                platform.Add(await TimePlatformAsync(parts, git, commit));
            }

            WriteRandom(repo, "images/app/data/part-00.bin", random);
            cli.Add(await TimeCliAsync(registry.Host, Path.Combine(repo.Path, "images", "app"), round));
            if (!platformFirst)
            {
                WriteRandom(repo, "images/app/data/part-00.bin", random);
                commit = await repo.CommitAllAsync($"round {round} for Platform, second");
                platform.Add(await TimePlatformAsync(parts, git, commit));
            }

            output.WriteLine($"round {round}: Platform {platform[^1]:0.00} s, docker CLI {cli[^1]:0.00} s");
        }

        await CleanUpAsync(registry.Host);
        var platformMedian = Median(platform.Skip(1));
        var cliMedian = Median(cli.Skip(1));
        return new BenchmarkResult(
            "Build and push one image: Platform against docker build + docker push",
            "overhead ratio (Platform / docker CLI, median seconds)",
            Math.Round(platformMedian / cliMedian, 3),
            1.0,
            "docker build + docker push (legacy builder, same engine and registry)",
            "ratio at most 1.10",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows =
            [
                new("median seconds per build and push", Format(platformMedian), Format(cliMedian)),
                new("fastest round, seconds", Format(platform.Skip(1).Min()), Format(cli.Skip(1).Min())),
                new("slowest round, seconds", Format(platform.Skip(1).Max()), Format(cli.Skip(1).Max())),
            ],
            Details =
            [
                $"An image of {DataFiles} files of {FileBytes / 1024} KiB (random, so incompressible) on the local busybox root, a RUN step and a COPY; linux/amd64.",
                $"{Rounds} rounds; each side changes one 256 KiB file before its build, so each builds and pushes a new layer; the sides alternate which goes first; the first round (cold) is not counted.",
                "Platform: the builder's own path (git archive of the commit, .dockerignore applied, the engine's build API, push to a staging repository, blobs mounted, manifest and one OCI index per tag: latest and sha-<commit>).",
                "docker CLI: DOCKER_BUILDKIT=0 docker build -t <registry>/bench/cli:<round> <folder>, then docker push of that one tag.",
            ],
        };
    }

    private static async Task<double> TimePlatformAsync(BuilderParts parts, GitRepository git, string commit)
    {
        var index = await CatalogIndex.LoadAsync(git, commit, "images", new Dictionary<string, string>(), CancellationToken.None);
        var image = index.Catalog.Find("bench/app") ?? throw new InvalidOperationException(string.Join("; ", index.Catalog.Problems));
        var build = new PlannedBuild(image, 0, ["benchmark"], []);
        var watch = Stopwatch.StartNew();
        await parts.Images.BuildAndPushAsync(build, commit, new Dictionary<string, Platform.Builder.Workers.Building.PushedImage>(), BuilderParts.NewAttempt(), CancellationToken.None);
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeCliAsync(string registry, string folder, int round)
    {
        var reference = $"{registry}/bench/cli:round-{round}";
        var watch = Stopwatch.StartNew();
        await RunAsync("docker", ["build", "-q", "-t", reference, folder]);
        await RunAsync("docker", ["push", reference]);
        return watch.Elapsed.TotalSeconds;
    }

    private static Task RunAsync(string command, string[] args) => Shell.RunAsync(command, args);

    private static Task CleanUpAsync(string registry) =>
        Shell.RunAsync("sh", "-c", $"docker images --format '{{{{.Repository}}}}:{{{{.Tag}}}}' | grep '^{registry}/' | xargs -r docker rmi -f >/dev/null 2>&1; true");

    private static void WriteRandom(TempGitRepository repo, string path, Random random)
    {
        var bytes = new byte[FileBytes];
        random.NextBytes(bytes);
        var full = Path.Combine(repo.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

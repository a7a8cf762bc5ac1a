using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Results;
using Platform.Builder.Workers.Building;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Testing;

namespace Platform.Bench.Build;

/// <summary>
/// The sample chain of this repository (images/base, then images/etl-weather and images/status-api
/// from it) for linux/amd64 and linux/arm64, built and pushed as multi-platform images: Platform's
/// builder against the docker CLI doing the same by hand without buildx, in the same run.
/// </summary>
public static class SampleChainBenchmark
{
    public const string Name = "multi-arch-chain";
    private static readonly string[] Architectures = ["amd64", "arm64"];
    private static readonly (string Folder, string Name)[] Chain =
        [("base", "dataplatform/base"), ("etl-weather", "dataplatform/etl-weather"), ("status-api", "dataplatform/status-api")];

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var registry = new RegistryServer();
        await registry.StartAsync();
        using var repo = await TempGitRepository.CreateAsync();
        using var data = new TempDirectory("bench-chain");
        repo.CopyFromCheckout("images");
        var commit = await repo.CommitAllAsync("the sample images");
        var rootImage = new Dictionary<string, string> { ["ROOT_IMAGE"] = "platform/root:busybox-${TARGETARCH}" };

        using var parts = new BuilderParts(repo.Path, registry.BaseUri, data.Path, rootImage);
        var index = await CatalogIndex.LoadAsync(new GitRepository(repo.Path), commit, "images", rootImage, CancellationToken.None);
        var plan = BuildPlanner.Plan(index.Catalog, _ => null);
        var platform = Stopwatch.StartNew();
        var pushed = new Dictionary<string, PushedImage>(StringComparer.Ordinal);
        foreach (var build in plan.Builds)
        {
            var built = await parts.Images.BuildAndPushAsync(build, commit, pushed, BuilderParts.NewAttempt(), CancellationToken.None);
            pushed[build.Image.Spec.Name] = new PushedImage(built.Digest, built.Platforms);
        }

        platform.Stop();
        output.WriteLine($"Platform: {plan.Builds.Count} images in {plan.Waves.Count()} waves, {platform.Elapsed.TotalSeconds:0.0} s");

        var cli = Stopwatch.StartNew();
        foreach (var (folder, name) in Chain)
        {
            var repository = $"{registry.Host}/cli/{name}";
            foreach (var arch in Architectures)
            {
                // By hand, a dependent's FROM dataplatform/base must be made to mean this platform's base first.
                if (folder != "base")
                {
                    await Shell.RunAsync("docker", "tag", $"{registry.Host}/cli/dataplatform/base:{arch}", "dataplatform/base:latest");
                }

                await Shell.RunAsync("docker", "build", "-q", "--platform", $"linux/{arch}", "--build-arg", $"ROOT_IMAGE=platform/root:busybox-{arch}",
                    "-t", $"{repository}:{arch}", Path.Combine(repo.Path, "images", folder));
                await Shell.RunAsync("docker", "push", $"{repository}:{arch}");
            }

            await Shell.RunAsync("docker", ["manifest", "create", "--insecure", $"{repository}:latest", .. Architectures.Select(a => $"{repository}:{a}")]);
            await Shell.RunAsync("docker", "manifest", "push", "--insecure", "--purge", $"{repository}:latest");
        }

        cli.Stop();
        output.WriteLine($"docker CLI: {Chain.Length} images, {cli.Elapsed.TotalSeconds:0.0} s");
        await Shell.RunAsync("sh", "-c", $"docker images --format '{{{{.Repository}}}}:{{{{.Tag}}}}' | grep '^{registry.Host}/' | xargs -r docker rmi -f >/dev/null 2>&1; true");

        return new BenchmarkResult(
            "Multi-platform build of the sample chain (base, then two dependents; linux/amd64 and linux/arm64)",
            "seconds for the whole chain",
            Math.Round(platform.Elapsed.TotalSeconds, 2),
            Math.Round(cli.Elapsed.TotalSeconds, 2),
            "docker CLI by hand (build --platform per architecture, push, manifest create/push)",
            "no goal set; Platform's ratio to the baseline is reported",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows =
            [
                new("ratio Platform / docker CLI", (platform.Elapsed.TotalSeconds / cli.Elapsed.TotalSeconds).ToString("0.00", CultureInfo.InvariantCulture), "1.00"),
                new("images and platforms", $"{plan.Builds.Count} x 2", $"{Chain.Length} x 2"),
            ],
            Details =
            [
                "This repository's images/: dataplatform/base from the local busybox roots, then dataplatform/etl-weather and dataplatform/status-api from it. They have no RUN step, so QEMU runs nothing here; the build-plan tests run RUN steps under QEMU.",
                "Platform: the builder's path for each image in plan order (waves), both platforms of an image in parallel, each pinned to its base's manifest for that platform, tests run, one OCI index per tag.",
                "docker CLI: per image and architecture docker build --platform (legacy builder) and docker push, re-tagging the base by hand for each architecture, then docker manifest create and push; one platform at a time, as a shell script would.",
            ],
        };
    }
}

using Platform.AppHost.Containers;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// Platform's own images for the rehearsal, made once per commit by <c>scripts/platform-images.sh</c> for this machine's platform only:
/// images of the checkout's commit already in the engine (from an earlier run, or the platform-images tests; the script labels them
/// with <c>org.opencontainers.image.revision</c>) are used as they are, whatever their tag. The script pushes to a registry of its
/// own here (started and stopped around it); the rehearsal runs the engine's per-platform copies.
/// </summary>
public static class PlatformImagesForTests
{
    public static readonly string[] Services = ["builder", "registry-watcher", "deployer", "console"];
    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>
    /// The tag of images of this commit, made if none are present; <c>PLATFORM_REHEARSAL_IMAGES=&lt;tag&gt;</c> names images made
    /// already (of a working tree with changes not committed yet, for example).
    /// </summary>
    public static async Task<string> EnsureAsync()
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_REHEARSAL_IMAGES") is { Length: > 0 } named)
        {
            return named;
        }

        await Once.WaitAsync();
        try
        {
            var (_, head) = await ChildProcess.RunAsync("git", ["-C", RepositoryRoot.Path, "rev-parse", "HEAD"], TimeSpan.FromSeconds(30));
            var commit = head.Trim();
            if (await PresentTagAsync(commit) is { } present)
            {
                return present;
            }

            await RemoveOtherRehearsalImagesAsync();

            // The solution's Debug build as it is (--reuse-build, built before the tests run), and an images file of its own.
            var tag = $"rehearsal-{commit[..12]}";
            await using var registry = new RegistryServer();
            await registry.StartAsync();
            using var output = new Platform.Testing.TempDirectory("platform-images");
            var (exit, log) = await ChildProcess.RunAsync(
                "bash",
                [
                    RepositoryRoot.Combine("scripts", "platform-images.sh"), "--registry", registry.Host, "--tag", tag, "--platforms", $"linux/{ServiceImages.Architecture}",
                    "--reuse-build", "--output", Path.Combine(output.Path, "platform-images.json"),
                ],
                TimeSpan.FromMinutes(15));
            Assert.True(exit == 0, $"scripts/platform-images.sh failed with exit code {exit}:\n{log}");
            return await PresentTagAsync(commit) ?? throw new Xunit.Sdk.XunitException($"scripts/platform-images.sh made no images of {commit} labelled with it:\n{log}");
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>A tag under which all four images of <paramref name="commit"/> are in the engine for this machine's platform.</summary>
    private static async Task<string?> PresentTagAsync(string commit)
    {
        var suffix = $"-{ServiceImages.Architecture}";
        HashSet<string>? common = null;
        foreach (var service in Services)
        {
            var (_, listed) = await ChildProcess.RunAsync(
                "docker", ["images", "--filter", $"label=org.opencontainers.image.revision={commit}", "--format", "{{.Tag}}", $"platform/{service}"], TimeSpan.FromSeconds(30));
            var tags = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(t => t.EndsWith(suffix, StringComparison.Ordinal)).Select(t => t[..^suffix.Length]);
            common = common is null ? [.. tags] : [.. common.Intersect(tags)];
        }

        return common?.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>The images an earlier run made for another commit (tag <c>rehearsal-...</c>): one commit's images are kept at a time.</summary>
    private static async Task RemoveOtherRehearsalImagesAsync()
    {
        foreach (var service in Services)
        {
            var (_, listed) = await ChildProcess.RunAsync("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}", $"platform/{service}"], TimeSpan.FromSeconds(30));
            foreach (var image in listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(i => i.Contains(":rehearsal-", StringComparison.Ordinal)))
            {
                await ChildProcess.RunAsync("docker", ["rmi", image], TimeSpan.FromMinutes(1));
            }
        }
    }
}

using Platform.Cli.Export;
using Platform.Testing;

namespace Platform.Cli.Tests.BadInput;

/// <summary>
/// <c>--check-images</c> against a real registry (Debian's docker-registry on loopback): an image of the file that the
/// registry does not have stops the export with its name, exit code 2 and nothing written; all four present, it exports.
/// </summary>
public sealed class ImagesNeverPushedTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly RegistryServer registry = new();
    private readonly TempDirectory folder = new("images-pushed");

    public Task InitializeAsync() => registry.StartAsync().WaitAsync(Timeout);

    [Fact]
    public async Task An_image_the_registry_does_not_have_stops_the_export_with_its_name_and_the_registrys_answer()
    {
        using var pusher = new OciPusher(registry.BaseUri);
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in PlatformImages.Services)
        {
            digests[service] = await pusher.PushIndexAsync($"platform/{service}", "0.3.1").WaitAsync(Timeout);
        }

        var images = folder.Combine("platform-images.json");
        var output = folder.Combine("out");
        string Write(string consoleDigest) => "{\"tag\":\"0.3.1\",\"images\":{" + string.Join(",", digests.Select(d =>
            $"\"{d.Key}\":\"{registry.Host}/platform/{d.Key}@{(d.Key == "console" ? consoleDigest : d.Value)}\"")) + "}}";

        File.WriteAllText(images, Write("sha256:" + new string('0', 64)));
        var missing = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", output, "--images", images, "--check-images");

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Equal(
            $"error: --check-images: Platform's image for console, {registry.Host}/platform/console@sha256:{new string('0', 64)}, is not in its registry " +
            $"(HEAD http://{registry.Host}/v2/platform/console/manifests/sha256:{new string('0', 64)} answered 404): it was never pushed there (run scripts/platform-images.sh)\n",
            missing.Error);
        Assert.False(Directory.Exists(output), "nothing is written when an image is missing");

        File.WriteAllText(images, Write(digests["console"]));
        var present = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", output, "--images", images, "--check-images");

        Assert.True(present.ExitCode == 0, present.ToString());
        Assert.Contains($"digest: {digests["console"]}", File.ReadAllText(Path.Combine(output, "overlays", "beta", "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_does_not_answer_is_named_with_exit_code_1()
    {
        var port = FreePort.Next();
        var run = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", folder.Combine("out"),
            "--tag", "1.0", "--registry", $"127.0.0.1:{port}", "--check-images");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith($"error: --check-images: the registry 127.0.0.1:{port} did not answer HEAD http://127.0.0.1:{port}/v2/platform/builder/manifests/1.0: ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("out")));
    }

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        folder.Dispose();
    }
}

using Platform.Cli.Tests.Export;
using Platform.Testing;

namespace Platform.Cli.Tests.BadInput;

/// <summary>
/// <c>platform export kubernetes</c> with bad options or files, as a user sees it: one line naming what is wrong and where,
/// exit code 2, and the export that was there before left exactly as it was (nothing half-written).
/// </summary>
public sealed class BadExportOptionsTests : IDisposable
{
    private static readonly string Manifest = RepositoryRoot.Combine("aspire-manifest.json");
    private readonly TempDirectory folder = new("bad-export");

    [Theory]
    [InlineData("--tag latest --images {images}", "--images and --tag both name Platform's images; give one")]
    [InlineData("--tag v1/2", "--tag 'v1/2' is not an image tag")]
    [InlineData("--registry https://ghcr.io", "--registry 'https://ghcr.io' is not a registry host")]
    [InlineData("--docker podman", "--docker 'podman' is not a way to provide the builder's engine: use dind (a sidecar) or host (--docker-host)")]
    [InlineData("--docker host", "--docker host needs --docker-host")]
    [InlineData("--docker host --docker-host http://engine:2375", "--docker-host 'http://engine:2375' is not an engine address")]
    [InlineData("--docker-host tcp://engine:2376", "--docker-host is for --docker host")]
    [InlineData("--messaging-user guest", "--messaging-user 'guest' cannot be the broker's user")]
    [InlineData("--messaging-user a:b", "--messaging-user 'a:b' cannot be the broker's user")]
    [InlineData("--overlay Beta", "--overlay 'Beta': the overlay's name 'Beta' is not a folder name")]
    [InlineData("--overlay beta=Team_Beta", "--overlay 'beta=Team_Beta': 'Team_Beta' is not a Kubernetes namespace name")]
    [InlineData("--overlay beta --overlay beta", "--overlay 'beta': the overlay beta is given twice")]
    [InlineData("--overlay beta=ci --overlay prod=ci", "--overlay 'prod=ci': the namespace ci is already the overlay beta's")]
    [InlineData("--namespace Platform", "--namespace 'Platform' is not a Kubernetes namespace name")]
    [InlineData("--ingress-namespace Ingress", "--ingress-namespace 'Ingress' is not a Kubernetes namespace name")]
    [InlineData("--webhook-host https://hooks.example.com", "--webhook-host 'https://hooks.example.com' is not a host name")]
    public async Task An_invalid_option_is_named_with_its_value_and_nothing_is_written(string arguments, string message)
    {
        var images = folder.Combine("platform-images.json");
        File.WriteAllText(images, ImagesAndOverlaysTests.SampleImages());

        await AssertRefusedAsync(message, arguments.Replace("{images}", images, StringComparison.Ordinal).Split(' '));
    }

    [Theory]
    [InlineData("images", "{\"tag\":\"1\",\"images\":{}}", "images.builder is missing: Platform's image for builder was never pushed (run scripts/platform-images.sh)")]
    [InlineData("images", "{\"tag\":\"1\",\"images\":{\"builder\":\"r/platform/builder@sha256:abc\"}}", "images.builder is 'r/platform/builder@sha256:abc', not an image by digest")]
    [InlineData("images", "{\"tag\":\"1\",\"images\":{\"builder\":\"r/platform/builder:1\"}}", "not an image by digest (<registry>/platform/builder@sha256:<64 hex digits>)")]
    [InlineData("images", "{\"tag\":\"1\",\"images\":{\"builder\":\"r/other/thing@sha256:" + Digest + "\"}}", "which is not the repository platform/builder")]
    [InlineData("images", "{\"tag\":\"1\",\n\"images\": {", ".json:2: ")]
    [InlineData("images", "{\"images\":{}}", "tag '' is not an image tag")]
    [InlineData("secrets", "api-token=t\nconsole-password=c\nmessaging-password=\nregistry-webhook-secret=w\n",
        "no value for messaging-password, repository-url (the Secret platform-secrets needs them; nothing was written)")]
    [InlineData("secrets", "api-token=t\nrepo-url=https://x\n", ".env:2: 'repo-url' is not a key of the Secret platform-secrets")]
    [InlineData("secrets", "# values\napi-token t\n", ".env:2: not a KEY=value line")]
    [InlineData("secrets", "api-token=a\napi-token=b\n", ".env:2: 'api-token' is given twice")]
    [InlineData("registry-auth", "{\"ghcr.io\": {}}", "auths is missing or not an object")]
    [InlineData("registry-auth", "{\"auths\": ", ".json:1: ")]
    public async Task A_file_the_export_cannot_use_is_named_with_the_place_and_what_is_wrong_and_nothing_is_written(string option, string content, string message)
    {
        var file = folder.Combine(option == "secrets" ? "platform.env" : $"{option}.json");
        File.WriteAllText(file, content);

        var run = await AssertRefusedAsync(message, $"--{option}", file);

        Assert.Contains(file, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_named_by_an_option_that_does_not_exist_is_named_with_what_makes_it()
    {
        await AssertRefusedAsync("--images /nowhere/platform-images.json does not exist: run scripts/platform-images.sh", "--images", "/nowhere/platform-images.json");
        await AssertRefusedAsync("--secrets /nowhere/platform.env does not exist", "--secrets", "/nowhere/platform.env");
        await AssertRefusedAsync("--registry-auth /nowhere/config.json does not exist", "--registry-auth", "/nowhere/config.json");
    }

    [Fact]
    public async Task An_output_folder_with_files_the_export_did_not_write_is_refused_and_left_as_it_is()
    {
        var output = folder.Combine("mine");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine\n");

        var run = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", Manifest, "--output", output);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: --output {output} has files that the export did not write; name a new or empty folder (the export replaces it as a whole)\n", run.Error);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    /// <summary>Exports once, then runs the bad export into the same folder: exit code 2, one line, the first export unchanged.</summary>
    private async Task<CliRun> AssertRefusedAsync(string message, params string[] options)
    {
        var output = folder.Combine("out");
        if (!Directory.Exists(output))
        {
            var good = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", Manifest, "--output", output);
            Assert.True(good.ExitCode == 0, good.ToString());
        }

        var before = Snapshot(output);

        var run = await CliRun.InProcessAsync(["export", "kubernetes", "--manifest", Manifest, "--output", output, .. options]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal("", run.Output);
        Assert.Equal(before, Snapshot(output));
        Assert.Empty(Directory.GetDirectories(folder.Path, ".out.*"));
        BadArgumentTests.NoStackTrace(run);
        return run;
    }

    private static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText), StringComparer.Ordinal);

    private const string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public void Dispose() => folder.Dispose();
}

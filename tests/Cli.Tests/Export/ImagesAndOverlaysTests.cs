using Platform.Cli.Export;
using Platform.Testing;
using static Platform.Cli.Tests.Export.Exported;

namespace Platform.Cli.Tests.Export;

/// <summary>The overlays: Platform's images by digest or tag, a namespace each, the Secret and pull secret they generate, prod's sizes.</summary>
public sealed class ImagesAndOverlaysTests : IDisposable
{
    private readonly TempDirectory folder = new("export-overlays");

    /// <summary>A file as scripts/platform-images.sh writes it (the contract of issue 15).</summary>
    public static string SampleImages(string registry = "registry.example.com:5000", string? leaveOut = null) =>
        "{\"tag\":\"0.3.1\",\"images\":{" + string.Join(",", PlatformImages.Services.Where(s => s != leaveOut)
            .Select((s, i) => $"\"{s}\":\"{registry}/platform/{s}@sha256:{new string((char)('a' + i), 64)}\"")) + "}}";

    [Fact]
    public async Task Images_from_the_file_of_the_last_push_are_named_by_digest_in_every_overlay_with_its_tag_as_the_version()
    {
        var images = folder.Combine("platform-images.json");
        File.WriteAllText(images, SampleImages());

        var run = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", folder.Combine("out"), "--images", images);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var overlay in new[] { "beta", "prod" })
        {
            var kustomization = Documents(File.ReadAllText(folder.Combine("out", "overlays", overlay, "kustomization.yaml"))).Single();
            var builder = Items(kustomization, "images").Single(i => Text(i, "name") == "platform/builder");
            Assert.Equal("registry.example.com:5000/platform/builder", Text(builder, "newName"));
            Assert.Equal($"sha256:{new string('a', 64)}", Text(builder, "digest"));
            Assert.Null(Text(builder, "newTag"));
            Assert.Equal(PlatformImages.Services.Order(StringComparer.Ordinal).Select(s => $"platform/{s}"), Items(kustomization, "images").Select(i => Text(i, "name")));
            Assert.Equal($"platform-{overlay}", Text(kustomization, "namespace"));
        }

        // The base names the images without a registry (only an overlay makes them pullable), and their tag as the version of every object and pod.
        var baseBuilder = File.ReadAllText(folder.Combine("out", "base", "builder.yaml"));
        Assert.Contains("image: platform/builder\n", baseBuilder, StringComparison.Ordinal);
        Assert.Equal(4, baseBuilder.Split('\n').Count(l => l.Trim() == "app.kubernetes.io/version: 0.3.1"));
    }

    [Fact]
    public void Images_by_tag_take_the_registry_option_and_every_overlay_has_its_namespace_secret_generator_and_pull_secret()
    {
        var exported = Of(ExportSettings.Defaults() with
        {
            Images = PlatformImages.FromTag("ghcr.io/team", "2026.11"),
            Overlays = [new("beta", "ci-beta"), new("prod", "ci")],
        });

        var prod = Documents(exported.Files["overlays/prod/kustomization.yaml"]).Single();
        Assert.Equal("ci", Text(prod, "namespace"));
        Assert.Equal("ci", Text(Documents(exported.Files["overlays/prod/namespace.yaml"]).Single(), "metadata", "name"));
        var deployer = Items(prod, "images").Single(i => Text(i, "name") == "platform/deployer");
        Assert.Equal(("ghcr.io/team/platform/deployer", "2026.11"), (Text(deployer, "newName"), Text(deployer, "newTag")));
        var generators = Items(prod, "secretGenerator").ToList();
        Assert.Equal("secrets.env", ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(generators.Single(g => Text(g, "name") == "platform-secrets"), "envs")!).Children.Single().ToString());
        Assert.Equal("kubernetes.io/dockerconfigjson", Text(generators.Single(g => Text(g, "name") == "platform-registry"), "type"));
        Assert.Equal("{\"auths\":{}}\n", exported.Files["overlays/prod/registry-auth.json"]);
        Assert.Equal("resources.yaml", Text(Items(prod, "patches").Single(), "path"));
        Assert.Equal("4Gi", Text(Named(Documents(exported.Files["overlays/prod/resources.yaml"]).Single(), "builder", "spec", "template", "spec", "containers"), "resources", "limits", "memory"));
        Assert.False(exported.Files.ContainsKey("overlays/beta/resources.yaml"));
    }

    [Fact]
    public async Task Secret_values_given_with_secrets_become_each_overlays_secrets_env_which_git_ignores_and_a_re_export_keeps_a_hand_written_one()
    {
        var secrets = folder.Combine("platform.env");
        File.WriteAllText(secrets, "# ours\napi-token=t0ken\nconsole-password=c\nmessaging-password=m\nregistry-webhook-secret=w\nrepository-url=https://git.example/images.git\nrepository-password=\n");
        var output = folder.Combine("out");

        var run = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", output, "--secrets", secrets);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("api-token=t0ken\nconsole-password=c\nmessaging-password=m\nregistry-webhook-secret=w\nrepository-url=https://git.example/images.git\n",
            File.ReadAllText(Path.Combine(output, "overlays", "prod", "secrets.env")));
        Assert.Contains("overlays/*/secrets.env\n", File.ReadAllText(Path.Combine(output, ".gitignore")), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(output, "overlays", "beta", "secrets.env"), "api-token=by-hand\n");
        var again = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", output);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("api-token=by-hand\n", File.ReadAllText(Path.Combine(output, "overlays", "beta", "secrets.env")));
        Assert.Empty(Directory.GetDirectories(folder.Path, ".out.*"));
    }

    public void Dispose() => folder.Dispose();
}

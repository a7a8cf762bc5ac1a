using Platform.Cli.Export;
using Platform.Testing;
using YamlDotNet.RepresentationModel;

namespace Platform.Cli.Tests.Export;

/// <summary>The Kubernetes manifests of Platform itself, exported from the AppHost's model: what is committed, and which files there are.</summary>
public sealed class KubernetesExportTests
{
    private static readonly string Committed = RepositoryRoot.Combine("deploy", "kubernetes");

    [Fact]
    public async Task The_committed_kubernetes_manifests_are_what_the_export_writes_from_the_committed_aspire_manifest()
    {
        using var fresh = new TempDirectory("kubernetes-export");
        var output = fresh.Combine("kubernetes");

        var run = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = Relative(output);
        Assert.Equal(Relative(Committed).Where(f => !f.EndsWith("/secrets.env", StringComparison.Ordinal)), written);
        foreach (var file in written)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(Committed, file)).ReplaceLineEndings() == File.ReadAllText(Path.Combine(output, file)).ReplaceLineEndings(),
                $"deploy/kubernetes/{file} is stale: run 'bash scripts/export-kubernetes.sh' and commit the result");
        }
    }

    [Fact]
    public void The_export_is_a_kustomize_base_for_the_six_resources_and_an_overlay_for_beta_and_prod_without_a_secret_value()
    {
        var exported = Exported.Of();

        Assert.Equal(
        [
            ".gitignore", "base/builder.yaml", "base/console.yaml", "base/deployer-rbac.yaml", "base/deployer.yaml", "base/kustomization.yaml",
            "base/messaging.yaml", "base/network.yaml", "base/registry-watcher.yaml", "base/registry.yaml",
            "overlays/beta/kustomization.yaml", "overlays/beta/namespace.yaml", "overlays/beta/registry-auth.json", "overlays/beta/secrets.env.example",
            "overlays/prod/kustomization.yaml", "overlays/prod/namespace.yaml", "overlays/prod/registry-auth.json", "overlays/prod/resources.yaml",
            "overlays/prod/secrets.env.example",
        ], exported.Files.Keys);
        var kustomization = Exported.Documents(exported.Files["base/kustomization.yaml"]).Single();
        var listed = ((YamlSequenceNode)Exported.Node(kustomization, "resources")!).Children.Select(c => ((YamlScalarNode)c).Value);
        Assert.Equal(exported.Files.Keys.Where(f => f.StartsWith("base/", StringComparison.Ordinal) && f != "base/kustomization.yaml").Select(f => f["base/".Length..]), listed);
        Assert.Contains("overlays/*/secrets.env", exported.Files[".gitignore"], StringComparison.Ordinal);

        // Secret values are never in the output: only references to the keys of platform-secrets.
        Assert.All(exported.Files.Values, text => Assert.DoesNotContain("password}", text, StringComparison.Ordinal));
        Assert.DoesNotContain(exported.Files.Keys, f => f.EndsWith("/secrets.env", StringComparison.Ordinal));
        Assert.Equal(
            ["api-token=", "console-password=", "messaging-password=", "registry-webhook-secret=", "repository-url="],
            exported.Files["overlays/beta/secrets.env.example"].Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')));
    }

    [Fact]
    public void Strings_a_yaml_reader_would_take_for_numbers_or_booleans_stay_strings_and_the_services_find_each_other_by_their_service_names()
    {
        var exported = Exported.Of();

        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            var text = exported.Files[$"base/{service}.yaml"];
            Assert.Contains("HTTP_PORTS: \"8080\"", text, StringComparison.Ordinal);
            Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED: \"true\"", text, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings__registry: http://registry:5000\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("services__builder__http__0: http://builder:8080", exported.Files["base/console.yaml"], StringComparison.Ordinal);
        Assert.All(exported.Files.Values, text => Assert.DoesNotContain("&o0", text, StringComparison.Ordinal));
    }

    private static List<string> Relative(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];
}

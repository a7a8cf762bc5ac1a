using Platform.Cli.Export;
using Platform.Testing;

namespace Platform.Cli.Tests.Export;

/// <summary>The Kubernetes manifests of Platform itself, exported from the AppHost's model.</summary>
public sealed class KubernetesExportTests
{
    private static readonly string Committed = RepositoryRoot.Combine("deploy", "kubernetes");

    [Fact]
    public async Task The_committed_kubernetes_manifests_are_what_the_export_writes_from_the_committed_aspire_manifest()
    {
        using var fresh = new TempDirectory("kubernetes-export");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await PlatformCommandLine.InvokeAsync(
            ["export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", fresh.Path], output, error, CancellationToken.None);

        Assert.True(exitCode == 0, $"the export failed: {error}");
        var written = Directory.GetFiles(fresh.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Directory.GetFiles(Committed).Select(Path.GetFileName).Order(StringComparer.Ordinal), written);
        foreach (var file in written)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(Committed, file!)).ReplaceLineEndings() == File.ReadAllText(fresh.Combine(file!)).ReplaceLineEndings(),
                $"deploy/kubernetes/{file} is stale: run 'bash scripts/export-kubernetes.sh' and commit the result");
        }
    }

    [Fact]
    public void Platform_runs_as_three_services_and_the_console_beside_the_broker_and_the_registry_and_no_secret_value_is_written()
    {
        var files = KubernetesExport.Render(File.ReadAllText(RepositoryRoot.Combine("aspire-manifest.json")), "platform");

        Assert.Equal(["builder.yaml", "console.yaml", "deployer-rbac.yaml", "deployer.yaml", "kustomization.yaml", "messaging.yaml", "namespace.yaml",
            "registry-watcher.yaml", "registry.yaml"], files.Keys);
        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            Assert.Contains("kind: Deployment", files[$"{service}.yaml"], StringComparison.Ordinal);
            Assert.Contains("kind: Service\n", files[$"{service}.yaml"], StringComparison.Ordinal);
            Assert.Contains($"name: {service}-config", files[$"{service}.yaml"], StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings__registry: http://registry:5000\n", files[$"{service}.yaml"], StringComparison.Ordinal);
            Assert.Contains("value: amqp://guest:$(SECRET_MESSAGING_PASSWORD)@messaging:5672\n", files[$"{service}.yaml"], StringComparison.Ordinal);
            // Strings a YAML reader would take for a number or a boolean stay strings.
            Assert.Contains("HTTP_PORTS: \"8080\"", files[$"{service}.yaml"], StringComparison.Ordinal);
            Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED: \"true\"", files[$"{service}.yaml"], StringComparison.Ordinal);
        }

        Assert.Contains("serviceAccountName: platform-deployer", files["deployer.yaml"], StringComparison.Ordinal);
        Assert.Contains("Deployer__Target: kubernetes", files["deployer.yaml"], StringComparison.Ordinal);
        Assert.DoesNotContain("serviceAccountName", files["builder.yaml"], StringComparison.Ordinal);
        Assert.Contains("      - deployments\n    verbs:\n      - get\n      - patch", files["deployer-rbac.yaml"], StringComparison.Ordinal);
        Assert.All(files.Values, text => Assert.DoesNotContain("&o0", text, StringComparison.Ordinal));
        Assert.Contains("keys: api-token, console-password, messaging-password", files["kustomization.yaml"], StringComparison.Ordinal);
        // The API token from the Secret, in every service and the console; in the cluster loopback is no exemption.
        foreach (var taker in new[] { "builder", "registry-watcher", "deployer", "console" })
        {
            Assert.Contains("- name: Api__Token\n              valueFrom:\n                secretKeyRef:\n                  name: platform-secrets\n                  key: api-token\n",
                files[$"{taker}.yaml"], StringComparison.Ordinal);
            Assert.Contains("Api__OpenOnLoopback: \"false\"", files[$"{taker}.yaml"], StringComparison.Ordinal);
        }

        Assert.Contains("services__builder__http__0: http://builder:8080", files["console.yaml"], StringComparison.Ordinal);
        Assert.Contains("kind: Service\n", files["console.yaml"], StringComparison.Ordinal);
        Assert.Contains("- name: Console__Password\n              valueFrom:\n                secretKeyRef:", files["console.yaml"], StringComparison.Ordinal);
        Assert.All(files.Values, text => Assert.DoesNotContain("password}", text, StringComparison.Ordinal));
    }
}

using Platform.Testing;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// The export checked as a Kubernetes API server (there is none here) would check it: every document of every
/// YAML file, overlays included, of the committed deploy/kubernetes and of a fresh export.
/// </summary>
public sealed class ExportValidationTests
{
    [Fact]
    public void Every_document_of_the_committed_export_is_accepted_by_the_kubernetes_models_and_schema()
    {
        var report = ManifestValidator.Validate(RepositoryRoot.Combine("deploy", "kubernetes"));

        AssertReadEverythingAndAccepted(report);
    }

    [Fact]
    public async Task Every_document_of_a_fresh_export_is_accepted_by_the_kubernetes_models_and_schema()
    {
        using var fresh = new TempDirectory("kubernetes-export-validation");
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        // The same export as scripts/export-kubernetes.sh and KubernetesExportTests run.
        var exitCode = await PlatformCommandLine.InvokeAsync(
            ["export", "kubernetes", "--manifest", RepositoryRoot.Combine("aspire-manifest.json"), "--output", fresh.Path], output, error, timeout.Token);

        Assert.True(exitCode == 0, $"the export failed: {error}");
        AssertReadEverythingAndAccepted(ManifestValidator.Validate(fresh.Path));
    }

    [Fact]
    public void The_schema_is_the_kubernetes_api_of_the_stated_version_with_the_kinds_the_export_uses()
    {
        var schema = KubernetesSchema.Instance;

        Assert.True(schema.Count > 700, $"only {schema.Count} definitions were loaded");
        foreach (var (apiVersion, kind) in new[]
        {
            ("v1", "Namespace"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Service"), ("v1", "ServiceAccount"), ("v1", "PersistentVolumeClaim"),
            ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("networking.k8s.io/v1", "NetworkPolicy"), ("networking.k8s.io/v1", "Ingress"),
            ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"), ("batch/v1", "CronJob"),
        })
        {
            Assert.True(schema.DefinitionOf(apiVersion, kind) is not null, $"{apiVersion}/{kind} is not in the Kubernetes {KubernetesSchema.Version} schema");
        }

        Assert.Null(schema.DefinitionOf("apps/v1beta1", "Deployment"));
        Assert.Null(schema.DefinitionOf("extensions/v1beta1", "Ingress"));
    }

    private static void AssertReadEverythingAndAccepted(ValidationReport report)
    {
        Assert.True(report.Files.Count > 0 && report.Objects.Count >= report.Files.Count, $"the export had too little to validate: {report}");
        Assert.Contains(report.Files, file => file.EndsWith("kustomization.yaml", StringComparison.Ordinal));
        Assert.True(report.Findings.Count == 0, $"a Kubernetes {KubernetesSchema.Version} API server would refuse:\n{report}");
    }
}

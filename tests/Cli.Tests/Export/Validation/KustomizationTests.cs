namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// Kustomizations name only files that exist and only kustomize's fields; the patches they name are checked as
/// partial objects, in every overlay folder.
/// </summary>
public sealed class KustomizationTests
{
    private const string Base = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - web.yaml

        """;

    private const string Web = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: web
          selector:
            matchLabels:
              app.kubernetes.io/name: web
          template:
            metadata:
              labels:
                app.kubernetes.io/name: web
            spec:
              containers:
                - name: web
                  image: example/web
                  volumeMounts:
                    - name: data
                      mountPath: /var/lib/web
          volumeClaimTemplates:
            - metadata:
                name: data
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests:
                    storage: 1Gi

        """;

    private const string Overlay = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: web-beta
        resources:
          - ../../base
        patches:
          - path: resources.yaml
        images:
          - name: example/web
            newTag: "2.0"
        secretGenerator:
          - name: web-secrets
            envs:
              - secrets.env

        """;

    private const string Patch = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  resources:
                    limits:
                      memory: 1Gi

        """;

    private const string SecretsExample = "# copy to secrets.env\npassword=\n";

    [Fact]
    public void An_overlay_with_a_base_a_partial_patch_and_a_secret_made_from_an_example_is_accepted()
    {
        using var folder = Overlays();

        var report = ManifestValidator.Validate(folder.Path);

        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.Equal(["base/kustomization.yaml", "base/web.yaml", "overlays/beta/kustomization.yaml", "overlays/beta/resources.yaml"], report.Files);
    }

    [Theory]
    [InlineData("overlays/beta/kustomization.yaml", "  - ../../base", "  - ../../base\n  - ingress.yaml", "resources[1]", "'ingress.yaml' does not exist")]
    [InlineData("overlays/beta/kustomization.yaml", "  - ../../base", "  - ../../bases", "resources[0]", "'../../bases' does not exist")]
    [InlineData("overlays/beta/kustomization.yaml", "resources:", "resource:", "resource", "unknown field \"resource\"")]
    [InlineData("overlays/beta/kustomization.yaml", "path: resources.yaml", "path: limits.yaml", "patches[0].path", "'limits.yaml' does not exist")]
    [InlineData("overlays/beta/kustomization.yaml", "newTag: \"2.0\"", "newTag: \"2.0\"\n    tag: \"2.0\"", "images[0].tag", "unknown field \"tag\"")]
    [InlineData("overlays/beta/kustomization.yaml", "secrets.env", "secret.env", "secretGenerator[0].envs", "'secret.env' does not exist")]
    [InlineData("overlays/beta/kustomization.yaml", "namespace: web-beta", "namespace: Web_Beta", "namespace", "is not a DNS-1123 label")]
    [InlineData("overlays/beta/secrets.env.example", "password=", "pass word", "secretGenerator[0].envs", "'pass word' is not key=value")]
    public void A_kustomization_that_kustomize_would_refuse_fails_with_its_file_and_field(string file, string from, string to, string path, string message)
    {
        using var folder = Overlays((file, from, to));

        var report = ManifestValidator.Validate(folder.Path);

        Assert.True(
            report.Findings.Any(f => f.File == "overlays/beta/kustomization.yaml" && f.Path == path && f.Message.Contains(message, StringComparison.Ordinal)),
            $"expected a finding in overlays/beta/kustomization.yaml at {path} saying \"{message}\"; found:\n{report}");
    }

    [Fact]
    public void A_patch_is_checked_for_its_fields_and_types_but_not_for_what_the_base_already_has()
    {
        using var folder = Overlays(("overlays/beta/resources.yaml", "          resources:", "          imagePullPolicy: 1\n          resources:"));

        var report = ManifestValidator.Validate(folder.Path);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(("overlays/beta/resources.yaml", 1, "spec.template.spec.containers[0].imagePullPolicy"), (finding.File, finding.Document, finding.Path));
        Assert.Contains("expected string, found the integer 1", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_object_that_no_kustomization_names_as_a_patch_is_a_whole_object_and_fails()
    {
        using var folder = Overlays(("overlays/beta/kustomization.yaml", "patches:\n  - path: resources.yaml\n", ""));

        var report = ManifestValidator.Validate(folder.Path);

        Assert.Contains(report.Findings, f => f.File == "overlays/beta/resources.yaml" && f.Path == "spec.selector" && f.Message.Contains("required", StringComparison.Ordinal));
    }

    private static Platform.Testing.TempDirectory Overlays(params (string File, string From, string To)[] changes)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["base/kustomization.yaml"] = Base,
            ["base/web.yaml"] = Web,
            ["overlays/beta/kustomization.yaml"] = Overlay,
            ["overlays/beta/resources.yaml"] = Patch,
            ["overlays/beta/secrets.env.example"] = SecretsExample,
        };
        foreach (var (file, from, to) in changes)
        {
            var text = files[file].ReplaceLineEndings("\n");
            Assert.Contains(from, text, StringComparison.Ordinal);
            files[file] = text.Replace(from, to, StringComparison.Ordinal);
        }

        return RefusedManifestTests.Folder(files.Select(pair => (pair.Key, pair.Value)).ToArray());
    }
}

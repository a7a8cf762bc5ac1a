using Platform.Testing;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// Manifests that a Kubernetes API server would refuse fail validation here, with a message that names the file,
/// the document and the field. Each case changes one thing in a manifest that passes.
/// </summary>
public sealed class RefusedManifestTests
{
    private const string Valid = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          labels:
            app.kubernetes.io/name: web
        data:
          HTTP_PORTS: "8080"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
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
                  image: example/web:1.0
                  ports:
                    - name: http
                      containerPort: 8080
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
                    limits:
                      memory: 256Mi
                  volumeMounts:
                    - name: data
                      mountPath: /var/lib/web
              volumes:
                - name: data
                  emptyDir: {}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app.kubernetes.io/name: web
          ports:
            - name: http
              port: 8080
              targetPort: http

        """;

    public static TheoryData<string, string, string, int, string, string> Refused => new()
    {
        { "containers:", "contianers:", "an unknown field", 2, "spec.template.spec.contianers", "unknown field \"contianers\"" },
        { "containerPort: 8080", "containerPort: \"8080\"", "a string where an integer goes", 2, "spec.template.spec.containers[0].ports[0].containerPort", "expected integer (int32), found the string \"8080\"" },
        { "- name: web\n          image:", "- image:", "a container without its name", 2, "spec.template.spec.containers[0].name", "required field is missing" },
        { "name: web\ndata:", "name: web_\ndata:", "an invalid label value", 1, "metadata.labels.app.kubernetes.io/name", "'web_' is not a label value" },
        { "- name: http\n              containerPort", "- name: http-for-the-web-ui\n              containerPort", "a port name over 15 characters", 2, "spec.template.spec.containers[0].ports[0].name", "1 to 15 characters" },
        { "matchLabels:\n      app.kubernetes.io/name: web", "matchLabels:\n      app.kubernetes.io/name: api", "a selector that does not match the template", 2, "spec.selector", "does not match the labels of spec.template.metadata.labels" },
        { "apiVersion: apps/v1", "apiVersion: apps/v1beta1", "an API version the server no longer serves", 2, "apiVersion", "apps/v1beta1/Deployment is not a kind of the Kubernetes v1.35 API" },
        { "cpu: 100m", "cpu: 100 millicores", "a quantity that is not one", 2, "spec.template.spec.containers[0].resources.requests.cpu", "'100 millicores' is not a quantity" },
        { "HTTP_PORTS: \"8080\"", "HTTP_PORTS: 8080", "a number where a ConfigMap holds text", 1, "data.HTTP_PORTS", "expected string, found the integer 8080" },
        { "      containers:\n", "      initContainers:\n        - name: web\n          image: example/init:1.0\n      containers:\n", "two containers of one name", 2, "spec.template.spec.containers[0].name", "'web' is the name of another container" },
        { "name: web\nspec:\n  selector", "name: Web\nspec:\n  selector", "a Service name with a capital", 3, "metadata.name", "'Web' is not a DNS-1035 label" },
        { "memory: 256Mi", "memory: 64Mi", "a limit below the request", 2, "spec.template.spec.containers[0].resources.requests.memory", "more than the limit" },
        { "- name: data\n              mountPath", "- name: cache\n              mountPath", "a mount of a volume the pod does not have", 2, "spec.template.spec.containers[0].volumeMounts[0].name", "no volume named 'cache'" },
        { "replicas: 1", "replicas: 1\n  replicas: 2", "a field given twice", 2, "spec.replicas", "Duplicate key replicas" },
        { "HTTP_PORTS: \"8080\"", "HTTP_PORTS: on", "a YAML 1.1 boolean where a ConfigMap holds text", 1, "data.HTTP_PORTS", "expected string, found the boolean true" },
        { "      targetPort: http\n", "      targetPort: http\n    - name: http2\n      port: 8080\n", "two Service ports of one number", 3, "spec.ports[1].port", "8080/TCP is already a port of this Service" },
        { "targetPort: http", "targetPort: 70000", "a target port out of range", 3, "spec.ports[0].targetPort", "70000 is not a port number" },
    };

    [Fact]
    public void The_manifest_the_cases_start_from_is_accepted()
    {
        using var folder = Folder(("web.yaml", Valid));

        var report = ManifestValidator.Validate(folder.Path);

        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.Equal(3, report.Objects.Count);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_manifest_the_api_server_would_refuse_fails_with_its_file_document_and_field(string from, string to, string what, int document, string path, string message)
    {
        Assert.Contains(from.ReplaceLineEndings("\n"), Valid.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        using var folder = Folder(("web.yaml", ReplaceFirst(Valid, from, to)));

        var report = ManifestValidator.Validate(folder.Path);

        Assert.True(
            report.Findings.Any(f => f.File == "web.yaml" && f.Document == document && f.Path == path && f.Message.Contains(message, StringComparison.Ordinal)),
            $"{what}: expected a finding in web.yaml, document {document}, at {path} saying \"{message}\"; found:\n{report}");
        var finding = report.Findings.First(f => f.Path == path);
        Assert.Contains($"web.yaml, document {document}", finding.ToString(), StringComparison.Ordinal);
        Assert.Contains(path, finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_client_models_in_strict_mode_refuse_an_unknown_field_on_its_line()
    {
        using var folder = Folder(("web.yaml", ReplaceFirst(Valid, "containers:", "contianers:")));

        var report = ManifestValidator.Validate(folder.Path);

        var finding = Assert.Single(report.Findings, f => f.Message.StartsWith("KubernetesClient (strict)", StringComparison.Ordinal));
        Assert.Equal(2, finding.Document);
        Assert.Equal("spec.template.spec.contianers", finding.Path);
        Assert.True(finding.Message.Contains("line 24", StringComparison.Ordinal), finding.ToString());
    }

    public static TempDirectory Folder(params (string Name, string Text)[] files)
    {
        var folder = new TempDirectory("refused-manifests");
        foreach (var (name, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.Combine(name))!);
            File.WriteAllText(folder.Combine(name), text.ReplaceLineEndings("\n"));
        }

        return folder;
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        text = text.ReplaceLineEndings("\n");
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return text[..at] + to + text[(at + from.Length)..];
    }
}

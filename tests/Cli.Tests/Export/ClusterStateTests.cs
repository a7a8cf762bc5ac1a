using Platform.Cli.Export;
using static Platform.Cli.Tests.Export.Exported;

namespace Platform.Cli.Tests.Export;

/// <summary>What a cluster needs so that the pods become ready and keep their state: volumes, one writer, the broker's own user.</summary>
public sealed class ClusterStateTests
{
    private readonly Exported exported = Of();

    [Theory]
    [InlineData("builder", "/var/lib/platform", "10Gi")]
    [InlineData("registry-watcher", "/var/lib/platform", "1Gi")]
    [InlineData("deployer", "/var/lib/platform", "1Gi")]
    [InlineData("messaging", "/var/lib/rabbitmq", "2Gi")]
    [InlineData("registry", "/var/lib/registry", "20Gi")]
    public void Every_data_folder_is_on_a_persistent_volume_claim_of_a_statefulset_of_one_replica(string name, string path, string size)
    {
        var set = exported.Object("StatefulSet", name);

        Assert.Equal("1", Text(set, "spec", "replicas"));
        Assert.Equal(name, Text(set, "spec", "serviceName"));
        Assert.Equal(size, Text(Items(set, "spec", "volumeClaimTemplates").Single(v => Text(v, "metadata", "name") == "data"), "spec", "resources", "requests", "storage"));
        var container = Named(set, name, "spec", "template", "spec", "containers");
        Assert.Equal(path, Text(Named(container, "data", "volumeMounts"), "mountPath"));
        Assert.DoesNotContain(Items(set, "spec", "template", "spec", "volumes"), v => Text(v, "name") == "data");
    }

    [Fact]
    public void Only_the_console_which_keeps_nothing_is_a_deployment_and_no_statefulset_has_more_than_one_replica()
    {
        Assert.Equal(["console"], exported.Pods.Where(p => p.Kind == "Deployment").Select(p => p.Name));
        Assert.DoesNotContain("data", exported.Files["base/console.yaml"].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- name: ", StringComparison.Ordinal)).Select(l => l[8..]));
        Assert.All(exported.Base.Where(b => Text(b.Document, "kind") == "StatefulSet"), b => Assert.Equal("1", Text(b.Document, "spec", "replicas")));
    }

    [Fact]
    public void The_broker_has_its_own_user_platform_and_the_password_from_the_secret_and_every_service_connects_as_that_user()
    {
        var broker = Named(exported.Object("StatefulSet", "messaging"), "messaging", "spec", "template", "spec", "containers");

        Assert.Equal("platform", Text(exported.Object("ConfigMap", "messaging-config"), "data", "RABBITMQ_DEFAULT_USER"));
        Assert.Equal("secret:messaging-password", Variable(broker, "RABBITMQ_DEFAULT_PASS"));
        Assert.Equal(["rabbitmq-diagnostics", "-q", "check_port_connectivity"], Exec(broker, "readinessProbe"));
        Assert.Equal(["rabbitmq-diagnostics", "-q", "ping"], Exec(broker, "livenessProbe"));
        Assert.Equal("999", Text(exported.Object("StatefulSet", "messaging"), "spec", "template", "spec", "securityContext", "runAsUser"));
        foreach (var service in new[] { "builder", "registry-watcher", "deployer", "console" })
        {
            var container = Named(exported.Pods.Single(p => p.Name == service).Pod, service, "containers");
            Assert.Equal("amqp://platform:$(SECRET_MESSAGING_PASSWORD)@messaging:5672", Variable(container, "ConnectionStrings__messaging"));
            Assert.Equal("platform", Text(exported.Object("ConfigMap", $"{service}-config"), "data", "MESSAGING_USERNAME"));
        }

        Assert.All(exported.Files.Values, text => Assert.DoesNotContain("guest", text, StringComparison.Ordinal));
    }

    [Fact]
    public void The_messaging_user_option_changes_the_brokers_user_and_every_connection_string()
    {
        var other = Of(ExportSettings.Defaults() with { MessagingUser = "ci-bus" });

        Assert.Equal("ci-bus", Text(other.Object("ConfigMap", "messaging-config"), "data", "RABBITMQ_DEFAULT_USER"));
        var builder = Named(other.Object("StatefulSet", "builder"), "builder", "spec", "template", "spec", "containers");
        Assert.Equal("amqp://ci-bus:$(SECRET_MESSAGING_PASSWORD)@messaging:5672", Variable(builder, "MESSAGING_URI"));
    }

    [Fact]
    public void Every_platform_service_follows_the_repository_from_the_secret_through_its_own_mirror_on_its_volume_with_the_api_token()
    {
        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            var container = Named(exported.Object("StatefulSet", service), service, "spec", "template", "spec", "containers");
            Assert.Equal("secret:repository-url", Variable(container, "Catalog__Repository"));
            Assert.Equal("secret:repository-username?", Variable(container, "Catalog__Username"));
            Assert.Equal("secret:repository-password?", Variable(container, "Catalog__Password"));
            Assert.Equal($"/var/lib/platform/{service}/repository", Text(exported.Object("ConfigMap", $"{service}-config"), "data", "Catalog__MirrorDirectory"));
            Assert.Null(Text(exported.Object("ConfigMap", $"{service}-config"), "data", "Catalog__Repository"));
            Assert.Equal("secret:registry-host?", Variable(container, "Registries__0__Host"));
            Assert.Equal("secret:registry-password?", Variable(container, "Registries__0__Password"));
        }

        foreach (var (name, _, pod) in exported.Pods.Where(p => p.Name is "builder" or "registry-watcher" or "deployer" or "console"))
        {
            Assert.Equal("secret:api-token", Variable(Named(pod, name, "containers"), "Api__Token"));

            // In the cluster loopback is no exemption from the token (port-forward and sidecars arrive from 127.0.0.1).
            Assert.Equal("false", Text(exported.Object("ConfigMap", $"{name}-config"), "data", "Api__OpenOnLoopback"));
        }

        Assert.Equal("kubernetes", Text(exported.Object("ConfigMap", "deployer-config"), "data", "Deployer__Target"));
        var builder = Named(exported.Object("StatefulSet", "builder"), "builder", "spec", "template", "spec", "containers");
        Assert.Equal("secret:github-webhook-secret?", Variable(builder, "Builder__Webhooks__GitHub__Secret"));
        Assert.Equal("secret:gitlab-webhook-token?", Variable(builder, "Builder__Webhooks__GitLab__Secret"));
        Assert.Equal("secret:git-webhook-secret?", Variable(builder, "Builder__Webhooks__Git__Secret"));
    }

    /// <summary>The AppHost gives the token itself once the api-token parameter is in its model; the export adds it only where the model does not.</summary>
    [Fact]
    public void A_model_that_already_gives_the_api_token_and_a_second_deployer_gets_it_once_and_the_deployers_settings_for_both()
    {
        const string manifest = """
            {"resources": {
              "api-token": {"type": "parameter.v0", "value": "{api-token.inputs.value}", "inputs": {"value": {"type": "string", "secret": true}}},
              "deployer-prod": {"type": "project.v0", "path": "services/Deployer/Deployer.csproj",
                "env": {"Api__Token": "{api-token.value}", "Deployer__DataDirectory": "/var/lib/platform/deployer-prod", "Catalog__Repository": "/var/lib/platform/repository"},
                "bindings": {"http": {"scheme": "http", "protocol": "tcp", "transport": "http"}}}}}
            """;
        var exported = new Exported(KubernetesExport.Render(manifest, ExportSettings.Defaults()));

        var set = exported.Object("StatefulSet", "deployer-prod");
        var container = Named(set, "deployer-prod", "spec", "template", "spec", "containers");
        Assert.Single(Items(container, "env"), e => Text(e, "name") == "Api__Token");
        Assert.Equal("secret:api-token", Variable(container, "Api__Token"));
        Assert.Equal("platform/deployer", Text(container, "image"));
        Assert.Equal("platform-deployer", Text(set, "spec", "template", "spec", "serviceAccountName"));
        Assert.Equal("kubernetes", Text(exported.Object("ConfigMap", "deployer-prod-config"), "data", "Deployer__Target"));
        Assert.Equal("/var/lib/platform/deployer-prod/repository", Text(exported.Object("ConfigMap", "deployer-prod-config"), "data", "Catalog__MirrorDirectory"));
        Assert.Single(exported.Files["overlays/beta/secrets.env.example"].Split('\n'), l => l == "api-token=");
    }

    private static string[] Exec(YamlDotNet.RepresentationModel.YamlMappingNode container, string probe) =>
        [.. ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(container, probe, "exec", "command")!).Children.Select(c => c.ToString())];
}

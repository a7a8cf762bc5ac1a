using Platform.Cli.Export;
using static Platform.Cli.Tests.Export.Exported;

namespace Platform.Cli.Tests.Export;

/// <summary>The builder's Docker engine in the cluster: a dind sidecar by default, or an engine the user runs (<c>--docker host</c>).</summary>
public sealed class BuilderEngineTests
{
    [Fact]
    public void By_default_the_builder_talks_to_a_privileged_dind_sidecar_over_a_shared_socket_owned_by_its_group_with_its_own_volume()
    {
        var exported = Of();
        var builder = exported.Object("StatefulSet", "builder");
        var pod = Node(builder, "spec", "template", "spec")!;
        var engine = Named(pod, "docker", "containers");

        Assert.Equal("unix:///var/run/dind/docker.sock", Text(exported.Object("ConfigMap", "builder-config"), "data", "DOCKER_HOST"));
        Assert.Equal("unix:///var/run/dind/docker.sock", Text(exported.Object("ConfigMap", "builder-config"), "data", "Docker__Endpoint"));
        Assert.Equal(["--host=unix:///var/run/dind/docker.sock", "--group=10001", "--insecure-registry=registry:5000"],
            ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(engine, "args")!).Children.Select(c => c.ToString()));
        Assert.Equal("0", Text(engine, "securityContext", "runAsUser"));
        Assert.Equal("/var/run/dind", Text(Named(Named(pod, "builder", "containers"), "docker-socket", "volumeMounts"), "mountPath"));
        Assert.Equal("/var/lib/docker", Text(Named(engine, "docker", "volumeMounts"), "mountPath"));
        Assert.Contains(Items(builder, "spec", "volumeClaimTemplates"), c => Text(c, "metadata", "name") == "docker");
        Assert.Equal("privileged", Text(Documents(exported.Files["overlays/beta/namespace.yaml"]).Single(), "metadata", "labels", "pod-security.kubernetes.io/enforce"));
        Assert.DoesNotContain("privileged", exported.Files.Where(f => f.Key != "base/builder.yaml" && f.Key.StartsWith("base/", StringComparison.Ordinal)).Select(f => f.Value).Aggregate(string.Concat), StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_engine_the_user_runs_there_is_no_sidecar_no_privileged_container_and_the_namespace_is_restricted()
    {
        var exported = Of(ExportSettings.Defaults() with { Docker = new DockerEngine("tcp://buildkit.example:2376") });
        var builder = exported.Object("StatefulSet", "builder");

        Assert.Equal(["builder"], Items(builder, "spec", "template", "spec", "containers").Select(c => Text(c, "name")));
        Assert.Equal("tcp://buildkit.example:2376", Text(exported.Object("ConfigMap", "builder-config"), "data", "DOCKER_HOST"));
        Assert.Equal(["data"], Items(builder, "spec", "volumeClaimTemplates").Select(c => Text(c, "metadata", "name")));
        Assert.All(exported.Files.Values, text => Assert.DoesNotContain("privileged: true", text, StringComparison.Ordinal));
        Assert.Equal("restricted", Text(Documents(exported.Files["overlays/prod/namespace.yaml"]).Single(), "metadata", "labels", "pod-security.kubernetes.io/enforce"));
    }
}

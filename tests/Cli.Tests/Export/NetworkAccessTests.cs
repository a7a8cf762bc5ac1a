using static Platform.Cli.Tests.Export.Exported;

namespace Platform.Cli.Tests.Export;

/// <summary>Nobody in the cluster reaches Platform's pods but Platform's pods, and the ingress controller only the webhooks.</summary>
public sealed class NetworkAccessTests
{
    private readonly Exported exported = Of();

    [Fact]
    public void Ingress_is_denied_by_default_and_allowed_between_platforms_own_pods()
    {
        var deny = exported.Object("NetworkPolicy", "default-deny-ingress");
        Assert.Empty(((YamlDotNet.RepresentationModel.YamlMappingNode)Node(deny, "spec", "podSelector")!).Children);
        Assert.Null(Node(deny, "spec", "ingress"));
        Assert.Equal("Ingress", ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(deny, "spec", "policyTypes")!).Children.Single().ToString());

        var internalPolicy = exported.Object("NetworkPolicy", "platform-internal");
        Assert.Equal("platform", Text(internalPolicy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/part-of"));
        Assert.Equal("platform", Text(Items(Items(internalPolicy, "spec", "ingress").Single(), "from").Single(), "podSelector", "matchLabels", "app.kubernetes.io/part-of"));
        Assert.All(exported.Pods, p => Assert.Equal("platform", Text(exported.Object(p.Kind, p.Name), "spec", "template", "metadata", "labels", "app.kubernetes.io/part-of")));
    }

    [Fact]
    public void Only_the_ingress_controllers_namespace_reaches_the_builder_and_the_watcher_and_the_ingress_routes_only_their_webhook_paths()
    {
        var policy = exported.Object("NetworkPolicy", "webhooks-from-ingress");
        var rule = Items(policy, "spec", "ingress").Single();
        Assert.Equal("ingress-nginx", Text(Items(rule, "from").Single(), "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Equal("8080", Text(Items(rule, "ports").Single(), "port"));
        var selected = Items(policy, "spec", "podSelector", "matchExpressions").Single();
        Assert.Equal(["builder", "registry-watcher"], ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(selected, "values")!).Children.Select(c => c.ToString()));

        var ingress = exported.Object("Ingress", "platform-webhooks");
        var paths = Items(Items(ingress, "spec", "rules").Single(), "http", "paths").ToList();
        Assert.Equal(
            ["builder /api/webhooks/github", "builder /api/webhooks/gitlab", "builder /api/webhooks/gitea", "builder /api/webhooks/git",
             "registry-watcher /api/webhooks/distribution", "registry-watcher /api/webhooks/dockerhub"],
            paths.Select(p => $"{Text(p, "backend", "service", "name")} {Text(p, "path")}"));
        Assert.All(paths, p => Assert.Equal("Exact", Text(p, "pathType")));
        Assert.Equal("nginx", Text(ingress, "spec", "ingressClassName"));
    }

    [Fact]
    public void The_webhook_paths_of_the_ingress_are_the_ones_the_services_map()
    {
        var source = string.Concat(
            Directory.GetFiles(Platform.Testing.RepositoryRoot.Combine("services", "Builder", "Coordinator", "Webhooks"), "*.cs")
                .Concat(Directory.GetFiles(Platform.Testing.RepositoryRoot.Combine("services", "RegistryWatcher", "Webhooks"), "*.cs"))
                .Select(File.ReadAllText));
        var mapped = System.Text.RegularExpressions.Regex.Matches(source, "\"(/api/webhooks/[a-z]+)\"").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(mapped, Platform.Cli.Export.NetworkAccess.Webhooks.Select(w => w.Path).Order(StringComparer.Ordinal));
    }
}

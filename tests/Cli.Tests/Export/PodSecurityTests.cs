using System.Text.RegularExpressions;
using Platform.Testing;
using static Platform.Cli.Tests.Export.Exported;

namespace Platform.Cli.Tests.Export;

/// <summary>Every pod runs hardened, sized and labelled; the deployer may do in its namespace exactly what its Kubernetes target calls.</summary>
public sealed partial class PodSecurityTests
{
    private readonly Exported exported = Of();

    [Fact]
    public void Every_pod_runs_as_a_non_root_user_with_the_runtimes_seccomp_profile_and_a_group_that_owns_its_volumes()
    {
        Assert.Equal(6, exported.Pods.Count());
        foreach (var (name, _, pod) in exported.Pods)
        {
            var user = name == "messaging" ? "999" : "10001";
            Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
            Assert.Equal(user, Text(pod, "securityContext", "runAsUser"));
            Assert.Equal(user, Text(pod, "securityContext", "runAsGroup"));
            Assert.Equal(user, Text(pod, "securityContext", "fsGroup"));
            Assert.Equal("RuntimeDefault", Text(pod, "securityContext", "seccompProfile", "type"));
            Assert.Equal("platform-registry", Text(Items(pod, "imagePullSecrets").Single(), "name"));
            Assert.Equal(name == "deployer" ? "true" : "false", Text(pod, "automountServiceAccountToken"));
        }
    }

    [Fact]
    public void Every_container_but_the_engine_has_a_read_only_root_no_capabilities_no_escalation_and_a_writable_tmp_and_every_one_has_requests_and_limits()
    {
        foreach (var (name, _, pod) in exported.Pods)
        {
            foreach (var container in Items(pod, "containers"))
            {
                var where = $"{name}/{Text(container, "name")}";
                foreach (var kind in new[] { "requests", "limits" })
                {
                    Assert.True(Text(container, "resources", kind, "cpu") is { Length: > 0 } && Text(container, "resources", kind, "memory") is { Length: > 0 }, $"{where} has no {kind}");
                }

                if (Text(container, "name") == "docker")
                {
                    // The documented exception: dockerd needs root and a privileged container (docs/cluster.md).
                    Assert.Equal("true", Text(container, "securityContext", "privileged"));
                    continue;
                }

                Assert.True(Text(container, "securityContext", "readOnlyRootFilesystem") == "true", $"{where} has a writable root file system");
                Assert.True(Text(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{where} may escalate");
                Assert.Equal("ALL", ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(container, "securityContext", "capabilities", "drop")!).Children.Single().ToString());
                Assert.Equal("/tmp", Text(Named(container, "tmp", "volumeMounts"), "mountPath"));
                Assert.NotNull(Node(Named(pod, "tmp", "volumes"), "emptyDir"));
            }
        }
    }

    [Fact]
    public void Every_object_carries_the_recommended_labels_and_selectors_use_only_the_ones_that_never_change()
    {
        var keys = new[]
        {
            "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/version", "app.kubernetes.io/managed-by",
        };
        foreach (var (file, document) in exported.Base.Where(b => Text(b.Document, "kind") is "ConfigMap" or "StatefulSet" or "Deployment" or "Service"))
        {
            foreach (var key in keys)
            {
                var value = Text(document, "metadata", "labels", key);
                Assert.True(value is not null && LabelValue().IsMatch(value), $"{file} {Text(document, "kind")} has no valid {key}: '{value}'");
            }
        }

        foreach (var (name, kind, _) in exported.Pods)
        {
            var workload = exported.Object(kind, name);
            var expected = name switch { "messaging" => "4.3", "registry" => "2.8.3", _ => "latest" };
            Assert.Equal(expected, Text(workload, "spec", "template", "metadata", "labels", "app.kubernetes.io/version"));
            Assert.All(keys, key => Assert.NotNull(Text(workload, "spec", "template", "metadata", "labels", key)));
            Assert.All(Items(workload, "spec", "volumeClaimTemplates"), claim => Assert.Null(Node(claim, "metadata", "labels")));
            var selector = (YamlDotNet.RepresentationModel.YamlMappingNode)Node(workload, "spec", "selector", "matchLabels")!;
            Assert.Equal(["app.kubernetes.io/name", "app.kubernetes.io/instance"], selector.Children.Keys.Select(k => k.ToString()));
        }

        Assert.All(exported.Base.Where(b => Text(b.Document, "kind") is "Role" or "RoleBinding" or "ServiceAccount" or "NetworkPolicy" or "Ingress"),
            b => Assert.Equal("latest", Text(b.Document, "metadata", "labels", "app.kubernetes.io/version")));
    }

    /// <summary>Every call of the deployer's Kubernetes target, read from its source, and the Role rule each needs.</summary>
    [Fact]
    public void The_deployers_role_grants_exactly_what_its_kubernetes_target_calls_in_its_namespace_and_nothing_cluster_wide()
    {
        var needs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ReadNamespacedDeploymentAsync"] = "apps/deployments/get",
            ["PatchNamespacedDeploymentAsync"] = "apps/deployments/patch",
            ["ReadNamespacedCronJobAsync"] = "batch/cronjobs/get",
            ["PatchNamespacedCronJobAsync"] = "batch/cronjobs/patch",
            ["ListNamespacedPodAsync"] = "/pods/list",
            ["ReadNamespacedPodLogAsync"] = "/pods/log/get",
            ["GetCodeAsync"] = "", // GET /version: every authenticated client may (system:public-info-viewer)
        };
        var source = string.Concat(Directory.GetFiles(RepositoryRoot.Combine("services", "Deployer", "Kubernetes"), "*.cs").Select(File.ReadAllText));
        var calls = ClientCall().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(calls.SetEquals(needs.Keys), $"the Kubernetes target calls {string.Join(", ", calls.Order())}: review DeployerAccess and this table");

        var role = exported.Object("Role", "platform-deployer");
        var granted = Items(role, "rules").SelectMany(rule =>
            from g in Scalars(rule, "apiGroups") from r in Scalars(rule, "resources") from v in Scalars(rule, "verbs") select $"{g}/{r}/{v}").ToList();
        Assert.Equal(needs.Values.Where(v => v.Length > 0).Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(exported.Base, b => Text(b.Document, "kind") is "ClusterRole" or "ClusterRoleBinding");
        Assert.Equal("platform-deployer", Text(exported.Object("StatefulSet", "deployer"), "spec", "template", "spec", "serviceAccountName"));
    }

    private static IEnumerable<string> Scalars(YamlDotNet.RepresentationModel.YamlNode node, string key) =>
        ((YamlDotNet.RepresentationModel.YamlSequenceNode)Node(node, key)!).Children.Select(c => c.ToString());

    [GeneratedRegex(@"\.((?:Read|Patch|List|Create|Replace|Delete|Watch)(?!ToEnd|Line)[A-Z][A-Za-z]*Async|GetCodeAsync)\(")]
    private static partial Regex ClientCall();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}

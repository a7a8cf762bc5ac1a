using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>The API server's rules for a whole object: its name, and a workload's selector and restart policy.</summary>
public static class ObjectRules
{
    private static readonly HashSet<string> LabelNamed = ["Namespace"];
    private static readonly HashSet<string> PathNamed = ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"];
    private static readonly HashSet<string> Workloads = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"];

    public static void Check(SchemaWalker walker, JsonObject root)
    {
        var kind = walker.Document.Kind;
        var name = ApiRules.Text(root["metadata"]?["name"]);
        if (name is null)
        {
            if (!walker.Partial && ApiRules.Text(root["metadata"]?["generateName"]) is null)
            {
                walker.Add("metadata.name", "required field is missing");
            }
        }
        else if (NameError(kind, name) is { } error)
        {
            walker.Add("metadata.name", error);
        }

        if (walker.Partial)
        {
            return;
        }

        if (Workloads.Contains(kind))
        {
            Workload(walker, root["spec"], "spec", "Always");
        }
        else if (kind == "Job")
        {
            Workload(walker, root["spec"], "spec", "OnFailure or Never");
        }
        else if (kind == "CronJob")
        {
            Workload(walker, root["spec"]?["jobTemplate"]?["spec"], "spec.jobTemplate.spec", "OnFailure or Never");
        }
    }

    private static string? NameError(string kind, string name) =>
        LabelNamed.Contains(kind) ? Syntax.Dns1123Label(name)
        : kind == "Service" ? Syntax.Dns1035Label(name)
        : PathNamed.Contains(kind) ? Syntax.PathSegment(name)
        : Syntax.Dns1123Subdomain(name);

    private static void Workload(SchemaWalker walker, JsonNode? spec, string path, string restartPolicies)
    {
        if (spec is null)
        {
            return;
        }

        var selector = spec["selector"];
        var labels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        var isJob = restartPolicies != "Always";
        if (!isJob && Selectors.IsEmpty(selector))
        {
            walker.Add($"{path}.selector", "a workload needs a non-empty selector");
        }
        else if (selector is not null && !Selectors.IsEmpty(selector) && !Selectors.Matches(selector, labels))
        {
            walker.Add($"{path}.selector", $"the selector {selector.ToJsonString()} does not match the labels of {path}.template.metadata.labels {labels?.ToJsonString() ?? "(none)"}");
        }

        var restartPolicy = ApiRules.Text(spec["template"]?["spec"]?["restartPolicy"]);
        if (isJob ? restartPolicy is not ("OnFailure" or "Never") : restartPolicy is not (null or "Always"))
        {
            walker.Add($"{path}.template.spec.restartPolicy", $"'{restartPolicy ?? "(unset)"}' is not allowed here: {restartPolicies}");
        }
    }
}

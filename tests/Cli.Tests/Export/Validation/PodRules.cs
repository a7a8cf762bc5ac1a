using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>The API server's rules for pod specs and containers (pkg/apis/core/validation).</summary>
public static class PodRules
{
    private static readonly HashSet<string> StandardResources = ["cpu", "memory", "ephemeral-storage"];

    public static void Container(SchemaWalker walker, JsonNode container, string path)
    {
        if (ApiRules.Text(container["name"]) is { } name && Syntax.Dns1123Label(name) is { } nameError)
        {
            walker.Add($"{path}.name", nameError);
        }

        if (container["ports"] is JsonArray ports)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ports.Count; i++)
            {
                var portPath = $"{path}.ports[{i}]";
                if (ApiRules.Text(ports[i]?["name"]) is { } portName &&
                    (Syntax.PortName(portName) ?? (names.Add(portName) ? null : $"'{portName}' is the name of another port of this container")) is { } error)
                {
                    walker.Add($"{portPath}.name", error);
                }

                ApiRules.Port(walker, ports[i]?["containerPort"], $"{portPath}.containerPort", namedAllowed: false);
                if (ApiRules.Text(ports[i]?["protocol"]) is { } protocol and not ("TCP" or "UDP" or "SCTP"))
                {
                    walker.Add($"{portPath}.protocol", $"'{protocol}' is not one of TCP, UDP, SCTP");
                }
            }
        }

        if (container["env"] is JsonArray env)
        {
            for (var i = 0; i < env.Count; i++)
            {
                // Since 1.34 any printable ASCII but '=' (RelaxedEnvironmentVariableValidation).
                if (ApiRules.Text(env[i]?["name"]) is { } variable && (variable.Length == 0 || variable.Contains('=') || variable.Any(c => c is < ' ' or > '~')))
                {
                    walker.Add($"{path}.env[{i}].name", $"'{variable}' is not an environment variable name (printable ASCII without '=')");
                }
            }
        }
    }

    public static void PodSpec(SchemaWalker walker, JsonNode spec, string path)
    {
        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            var containers = spec[list] as JsonArray ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                if (ApiRules.Text(containers[i]?["name"]) is { } name && !containerNames.Add(name))
                {
                    walker.Add($"{path}.{list}[{i}].name", $"'{name}' is the name of another container of this pod");
                }
            }
        }

        var volumes = new HashSet<string>(StringComparer.Ordinal);
        var declared = spec["volumes"] as JsonArray ?? [];
        for (var i = 0; i < declared.Count; i++)
        {
            if (ApiRules.Text(declared[i]?["name"]) is { } name &&
                (Syntax.Dns1123Label(name) ?? (volumes.Add(name) ? null : $"'{name}' is the name of another volume")) is { } error)
            {
                walker.Add($"{path}.volumes[{i}].name", error);
            }
        }

        if (walker.Partial)
        {
            return;
        }

        // A StatefulSet's claim templates are volumes of its pods too.
        var claims = walker.Document.Root?["spec"]?["volumeClaimTemplates"] as JsonArray ?? [];
        volumes.UnionWith(claims.Select(claim => ApiRules.Text(claim?["metadata"]?["name"])).OfType<string>());
        foreach (var list in new[] { "initContainers", "containers" })
        {
            var containers = spec[list] as JsonArray ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                var mounts = containers[i]?["volumeMounts"] as JsonArray ?? [];
                for (var m = 0; m < mounts.Count; m++)
                {
                    if (ApiRules.Text(mounts[m]?["name"]) is { } mount && !volumes.Contains(mount))
                    {
                        walker.Add($"{path}.{list}[{i}].volumeMounts[{m}].name", $"no volume named '{mount}' in this pod");
                    }
                }
            }
        }
    }

    /// <summary>A limit below its request is refused.</summary>
    public static void Resources(SchemaWalker walker, JsonNode resources, string path)
    {
        foreach (var field in new[] { "limits", "requests" })
        {
            foreach (var (resource, _) in resources[field] as JsonObject ?? [])
            {
                if (!StandardResources.Contains(resource) && !resource.StartsWith("hugepages-", StringComparison.Ordinal) &&
                    !(resource.Contains('/') && Syntax.QualifiedName(resource) is null))
                {
                    walker.Add($"{path}.{field}.{resource}", $"'{resource}' is neither a standard resource (cpu, memory, ephemeral-storage, hugepages-<size>) nor a domain-qualified extended resource");
                }
            }
        }

        if (resources["limits"] is not JsonObject limits || resources["requests"] is not JsonObject requests)
        {
            return;
        }

        foreach (var (resource, limit) in limits)
        {
            if (Amount(limit) is { } max && Amount(requests[resource]) is { } min && min > max)
            {
                walker.Add($"{path}.requests.{resource}", $"the request {requests[resource]!.ToJsonString()} is more than the limit {limit!.ToJsonString()}");
            }
        }
    }

    private static double? Amount(JsonNode? quantity) => quantity switch
    {
        JsonValue v when v.TryGetValue(out string? text) => Syntax.Quantity(text),
        JsonValue v when v.TryGetValue(out double number) => number,
        JsonValue v when v.TryGetValue(out long number) => number,
        _ => null,
    };
}

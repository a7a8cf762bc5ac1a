using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// What the API server checks beyond the schema, by definition (pkg/apis/*/validation): label and annotation
/// syntax in every ObjectMeta, label selectors, containers and pod specs (<see cref="PodRules"/>), service ports,
/// ConfigMap and Secret keys, ingress paths, policy ports, RBAC subjects and claims.
/// </summary>
public static class ApiRules
{
    public static void Check(SchemaWalker walker, string definition, JsonNode value, string path)
    {
        switch (definition)
        {
            case KubernetesSchema.ObjectMeta:
                Metadata(walker, value, path);
                break;
            case "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector":
                Selectors.CheckSyntax(walker, value, path);
                break;
            case "io.k8s.api.core.v1.Container" or "io.k8s.api.core.v1.EphemeralContainer":
                PodRules.Container(walker, value, path);
                break;
            case "io.k8s.api.core.v1.PodSpec":
                PodRules.PodSpec(walker, value, path);
                break;
            case "io.k8s.api.core.v1.ResourceRequirements":
                PodRules.Resources(walker, value, path);
                break;
            case "io.k8s.api.core.v1.HTTPGetAction" or "io.k8s.api.core.v1.TCPSocketAction" or "io.k8s.api.networking.v1.NetworkPolicyPort":
                Port(walker, value["port"], $"{path}.port", namedAllowed: true);
                break;
            case "io.k8s.api.core.v1.ServiceSpec":
                ServicePorts(walker, value, path);
                break;
            case "io.k8s.api.core.v1.ConfigMap" or "io.k8s.api.core.v1.Secret":
                foreach (var field in new[] { "data", "binaryData", "stringData" })
                {
                    Keys(walker, value[field], $"{path}{(path.Length == 0 ? "" : ".")}{field}", Syntax.ConfigKey);
                }

                break;
            case "io.k8s.api.networking.v1.HTTPIngressPath":
                var pathType = Text(value["pathType"]);
                if (pathType is not (null or "Exact" or "Prefix" or "ImplementationSpecific"))
                {
                    walker.Add($"{path}.pathType", $"'{pathType}' is not one of Exact, Prefix, ImplementationSpecific");
                }

                if (pathType is "Exact" or "Prefix" && Text(value["path"]) is { } ingressPath && !ingressPath.StartsWith('/'))
                {
                    walker.Add($"{path}.path", $"'{ingressPath}' must be an absolute path");
                }

                break;
            case "io.k8s.api.rbac.v1.Subject":
                if (!walker.Partial && Text(value["kind"]) == "ServiceAccount" && value["namespace"] is null)
                {
                    walker.Add($"{path}.namespace", "a ServiceAccount subject needs its namespace");
                }

                break;
            case "io.k8s.api.core.v1.PersistentVolumeClaimSpec" when !walker.Partial:
                if (value["accessModes"] is not JsonArray { Count: > 0 })
                {
                    walker.Add($"{path}.accessModes", "at least one access mode is required");
                }

                if (value["resources"]?["requests"]?["storage"] is null && value["dataSourceRef"] is null)
                {
                    walker.Add($"{path}.resources.requests.storage", "a claim needs its storage request");
                }

                break;
        }
    }

    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>A port by number (1 to 65535) or, where <paramref name="namedAllowed"/>, by IANA_SVC_NAME (the schema refuses text elsewhere).</summary>
    public static void Port(SchemaWalker walker, JsonNode? port, string path, bool namedAllowed)
    {
        if (port is JsonValue number && number.TryGetValue(out long value) && value is < 1 or > 65535)
        {
            walker.Add(path, $"{value} is not a port number (1 to 65535)");
        }
        else if (namedAllowed && Text(port) is { } name && Syntax.PortName(name) is { } error)
        {
            walker.Add(path, error);
        }
    }

    private static void Metadata(SchemaWalker walker, JsonNode metadata, string path)
    {
        Keys(walker, metadata["labels"], $"{path}.labels", Syntax.QualifiedName);
        if (metadata["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (Text(value) is { } text && Syntax.LabelValue(text) is { } error)
                {
                    walker.Add($"{path}.labels.{key}", error);
                }
            }
        }

        Keys(walker, metadata["annotations"], $"{path}.annotations", Syntax.QualifiedName);
        if (Text(metadata["namespace"]) is { } ns && Syntax.Dns1123Label(ns) is { } nsError)
        {
            walker.Add($"{path}.namespace", nsError);
        }
    }

    private static void ServicePorts(SchemaWalker walker, JsonNode spec, string path)
    {
        if (spec["ports"] is not JsonArray ports)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var portPath = $"{path}.ports[{i}]";
            var number = $"{ports[i]?["port"]?.ToJsonString()}/{Text(ports[i]?["protocol"]) ?? "TCP"}";
            if (!walker.Partial && !numbers.Add(number))
            {
                walker.Add($"{portPath}.port", $"{number} is already a port of this Service");
            }

            var name = Text(ports[i]?["name"]);
            if (name is null && ports.Count > 1 && !walker.Partial)
            {
                walker.Add($"{portPath}.name", "every port of a Service with more than one port needs a name");
            }
            else if (name is not null && (Syntax.Dns1123Label(name) ?? (names.Add(name) ? null : $"'{name}' is the name of another port")) is { } error)
            {
                walker.Add($"{portPath}.name", error);
            }

            Port(walker, ports[i]?["port"], $"{portPath}.port", namedAllowed: false);
            Port(walker, ports[i]?["targetPort"], $"{portPath}.targetPort", namedAllowed: true);
        }
    }

    private static void Keys(SchemaWalker walker, JsonNode? map, string path, Func<string, string?> rule)
    {
        if (map is not JsonObject obj)
        {
            return;
        }

        foreach (var (key, _) in obj)
        {
            if (rule(key) is { } error)
            {
                walker.Add($"{path}.{key}", error);
            }
        }
    }
}

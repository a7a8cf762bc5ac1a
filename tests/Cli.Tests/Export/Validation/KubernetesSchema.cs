using System.IO.Compression;
using System.Text.Json;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// The Kubernetes API's definitions of one release (Schema/README.md says where they come from), and which
/// definition each apiVersion/kind has (<c>x-kubernetes-group-version-kind</c>).
/// </summary>
public sealed class KubernetesSchema
{
    public const string Version = "v1.35";
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private readonly Dictionary<string, JsonElement> _definitions;
    private readonly Dictionary<string, string> _byKind;

    private KubernetesSchema(JsonDocument document)
    {
        _definitions = document.RootElement.GetProperty("schemas").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        _byKind = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in _definitions)
        {
            if (definition.TryGetProperty("x-kubernetes-group-version-kind", out var kinds))
            {
                foreach (var gvk in kinds.EnumerateArray())
                {
                    var group = gvk.GetProperty("group").GetString();
                    var apiVersion = string.IsNullOrEmpty(group) ? gvk.GetProperty("version").GetString() : $"{group}/{gvk.GetProperty("version").GetString()}";
                    _byKind.TryAdd($"{apiVersion}/{gvk.GetProperty("kind").GetString()}", name);
                }
            }
        }
    }

    /// <summary>Loaded once per test run (about 1 MB of JSON).</summary>
    public static KubernetesSchema Instance { get; } = Load();

    public int Count => _definitions.Count;

    public string? DefinitionOf(string apiVersion, string kind) => _byKind.GetValueOrDefault($"{apiVersion}/{kind}");

    public JsonElement this[string name] => _definitions[name];

    /// <summary>
    /// The definition a property's schema stands for: <c>{"$ref": ...}</c> or <c>{"allOf": [{"$ref": ...}]}</c> give the
    /// referenced definition and its name; an inline schema gives itself and no name.
    /// </summary>
    public (string? Name, JsonElement Schema) Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/components/schemas/".Length..];
            return (name, _definitions[name]);
        }

        if (schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1)
        {
            return Resolve(all[0]);
        }

        return (null, schema);
    }

    private static KubernetesSchema Load()
    {
        const string resource = "kubernetes-v1.35-schemas.json.gz";
        using var packed = typeof(KubernetesSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the embedded resource {resource} is missing (see Cli.Tests.csproj)");
        using var json = new GZipStream(packed, CompressionMode.Decompress);
        return new KubernetesSchema(JsonDocument.Parse(json));
    }
}

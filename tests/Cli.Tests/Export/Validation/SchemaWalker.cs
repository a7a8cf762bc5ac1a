using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// Walks one document against its definition as an API server with field validation Strict decodes it: every
/// field known to its definition, the JSON type of each value (string, integer, number, boolean, object, list,
/// int-or-string, quantity), required fields present; then the <see cref="ApiRules"/> of each definition it passes.
/// A <paramref name="partial"/> document (a kustomize patch) is checked for fields and types only.
/// </summary>
public sealed class SchemaWalker(KubernetesSchema schema, ManifestDocument document, bool partial, List<Finding> findings)
{
    public bool Partial => partial;

    public ManifestDocument Document => document;

    public void Add(string path, string message) => findings.Add(document.Finding(path, message));

    public void WalkDefinition(JsonNode? value, string definition, string path) => Walk(value, definition, schema[definition], path);

    private void WalkProperty(JsonNode? value, JsonElement propertySchema, string path)
    {
        var (name, definition) = schema.Resolve(propertySchema);
        Walk(value, name, definition, path);
    }

    private void Walk(JsonNode? value, string? name, JsonElement definition, string path)
    {
        if (value is null)
        {
            return; // null is the same as leaving a field out
        }

        if (name == KubernetesSchema.Quantity)
        {
            Quantity(value, path);
            return;
        }

        if (definition.TryGetProperty("oneOf", out var alternatives))
        {
            var types = alternatives.EnumerateArray().Select(a => a.GetProperty("type").GetString()!).ToList();
            if (!types.Any(type => Is(value, type)))
            {
                Add(path, $"expected {string.Join(" or ", types)}, found {Describe(value)}");
            }

            return;
        }

        if (!definition.TryGetProperty("type", out var typeElement))
        {
            return; // free-form (RawExtension, JSON)
        }

        var type = typeElement.GetString()!;
        if (!Is(value, type))
        {
            Add(path, $"expected {type}{Format(definition)}, found {Describe(value)}");
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                Object(obj, definition, path);
                break;
            case JsonArray array when definition.TryGetProperty("items", out var items):
                for (var i = 0; i < array.Count; i++)
                {
                    WalkProperty(array[i], items, $"{path}[{i}]");
                }

                break;
            case JsonValue scalar:
                Scalar(scalar, definition, path);
                break;
        }

        if (name is not null)
        {
            ApiRules.Check(this, name, value, path);
        }
    }

    private void Object(JsonObject obj, JsonElement definition, string path)
    {
        var hasProperties = definition.TryGetProperty("properties", out var properties);
        var hasAdditional = definition.TryGetProperty("additionalProperties", out var additional);
        foreach (var (key, child) in obj)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (hasProperties && properties.TryGetProperty(key, out var propertySchema))
            {
                WalkProperty(child, propertySchema, childPath);
            }
            else if (hasAdditional)
            {
                WalkProperty(child, additional, childPath);
            }
            else if (hasProperties)
            {
                Add(childPath, $"unknown field \"{key}\" (the API server refuses it with field validation Strict)");
            }
        }

        if (!partial && definition.TryGetProperty("required", out var required))
        {
            foreach (var field in required.EnumerateArray().Select(r => r.GetString()!).Where(field => obj[field] is null))
            {
                Add(path.Length == 0 ? field : $"{path}.{field}", "required field is missing");
            }
        }
    }

    private void Scalar(JsonValue scalar, JsonElement definition, string path)
    {
        var format = definition.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format == "int32" && scalar.TryGetValue(out long number) && number is < int.MinValue or > int.MaxValue)
        {
            Add(path, $"{number} does not fit in a 32-bit integer");
        }

        if (format == "byte" && scalar.TryGetValue(out string? text) && !IsBase64(text))
        {
            Add(path, "expected base64 data");
        }
    }

    private void Quantity(JsonNode value, string path)
    {
        if (value is JsonValue v && v.TryGetValue(out string? text))
        {
            if (Syntax.Quantity(text) is null)
            {
                Add(path, $"'{text}' is not a quantity (a number with an optional suffix: m, k, M, G, Ki, Mi, Gi, ... or an exponent)");
            }
        }
        else if (!Is(value, "number"))
        {
            Add(path, $"expected a quantity (string or number), found {Describe(value)}");
        }
    }

    public static bool Is(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue s && s.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => value is JsonValue i && i.TryGetValue(out long _),
        "number" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number,
        _ => false,
    };

    public static string Describe(JsonNode value) => value switch
    {
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue s when s.GetValueKind() == JsonValueKind.String => $"the string \"{s.GetValue<string>()}\"",
        JsonValue i when i.TryGetValue(out long number) => $"the integer {number}",
        JsonValue b when b.TryGetValue(out bool flag) => $"the boolean {(flag ? "true" : "false")}",
        _ => $"the {value.GetValueKind().ToString().ToLowerInvariant()} {value.ToJsonString()}",
    };

    private static string Format(JsonElement definition) => definition.TryGetProperty("format", out var format) ? $" ({format.GetString()})" : "";

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}

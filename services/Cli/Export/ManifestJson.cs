using System.Text.Json;

namespace Platform.Cli.Export;

/// <summary>The manifest does not have the shape of an Aspire manifest where the exporter reads it; the message names the place.</summary>
public sealed class ManifestException(string message) : Exception(message);

/// <summary>Reads the Aspire manifest by path (<c>resources.builder.env.X</c>), saying which property is missing or of the wrong type.</summary>
internal static class ManifestJson
{
    /// <summary><paramref name="name"/> of <paramref name="parent"/>, which is at <paramref name="parentPath"/> ("" for the top).</summary>
    public static JsonElement Property(JsonElement parent, string parentPath, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw new ManifestException($"{(parentPath.Length == 0 ? "the manifest" : parentPath)} is {Kind(parent)}, not an object");
        }

        return parent.TryGetProperty(name, out var value) ? value : throw new ManifestException($"{Join(parentPath, name)} is missing");
    }

    public static JsonElement Object(JsonElement parent, string parentPath, string name) =>
        Property(parent, parentPath, name) is var value && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new ManifestException($"{Join(parentPath, name)} is {Kind(value)}, not an object");

    public static string Text(JsonElement parent, string parentPath, string name) => Text(Property(parent, parentPath, name), Join(parentPath, name));

    public static string Join(string parentPath, string name) => parentPath.Length == 0 ? name : $"{parentPath}.{name}";

    public static string Text(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ManifestException($"{path} is {Kind(value)}, not a string");

    public static int Port(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ManifestException($"{path} is {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Kind(value))}, not a port from 1 to 65535");

    public static bool Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ManifestException($"{path} is {Kind(value)}, not true or false"),
    };

    public static IEnumerable<JsonProperty> Properties(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : throw new ManifestException($"{path} is {Kind(value)}, not an object");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

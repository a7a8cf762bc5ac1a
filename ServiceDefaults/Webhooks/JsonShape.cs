using System.Text.Json;

namespace Platform.ServiceDefaults.Webhooks;

/// <summary>A webhook body that is JSON but not of the expected shape; the message says where, for the 400 answer.</summary>
public sealed class WebhookShapeException(string message) : Exception(message);

/// <summary>
/// Reads the fields of a webhook's JSON by path, and says exactly which one is missing or of the wrong type
/// (<c>repository.name is a number, not a string</c>); the builder's push webhooks and the watcher's registry webhooks share it.
/// </summary>
public static class JsonShape
{
    /// <summary>What a JSON value is, as a message says it: <c>an object</c>, <c>a number</c>, <c>null</c>.</summary>
    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The object at <paramref name="name"/> of <paramref name="parent"/> (itself an object).</summary>
    public static JsonElement Object(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new WebhookShapeException($"{path} is missing");
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw new WebhookShapeException($"{path} is {Kind(value)}, not an object");
    }

    /// <summary>The text at <paramref name="name"/>; null when it is absent or JSON null, an error when it is anything but a string.</summary>
    public static string? OptionalText(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new WebhookShapeException($"{path} is {Kind(value)}, not a string");
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no text.
            throw new WebhookShapeException($"{path} is not valid Unicode text");
        }
    }

    public static string RequiredText(JsonElement parent, string name, string path) =>
        OptionalText(parent, name, path) ?? throw new WebhookShapeException($"{path} is missing");

    /// <summary>A value quoted in a message, cut short so that a reason never echoes a whole body.</summary>
    public static string Quote(string text) => text.Length <= 80 ? $"'{text}'" : $"'{text[..77]}...'";
}

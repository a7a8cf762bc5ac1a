using System.Text.Json;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>One event of a CNCF distribution notification (<c>{"events": [...]}</c>); only what the watcher reads.</summary>
public sealed record DistributionEvent(string Id, string Action, DateTimeOffset? Timestamp, string? MediaType, string? Repository, string? Tag, string? Digest)
{
    public static IReadOnlyList<DistributionEvent> ReadAll(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the body has no \"events\" array");
        }

        return [.. events.EnumerateArray().Select(Read)];
    }

    private static DistributionEvent Read(JsonElement e)
    {
        var target = e.TryGetProperty("target", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        return new DistributionEvent(
            Text(e, "id") ?? "",
            Text(e, "action") ?? "",
            Text(e, "timestamp") is { } at && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, out var when) ? when : null,
            Text(target, "mediaType"),
            Text(target, "repository"),
            Text(target, "tag"),
            Text(target, "digest"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

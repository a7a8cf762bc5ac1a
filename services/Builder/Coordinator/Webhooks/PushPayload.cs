using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.ServiceDefaults.Webhooks;
using static Platform.ServiceDefaults.Webhooks.JsonShape;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>Reads the fields of a push payload that the builder needs, and says exactly which one is missing or wrong (with <see cref="JsonShape"/>).</summary>
internal static partial class PushPayload
{
    /// <summary>The JSON body, or <see cref="WebhookShapeException"/> saying why it is not JSON.</summary>
    public static JsonElement Parse(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new WebhookShapeException("the body is empty; a JSON object was expected");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new WebhookShapeException("the body is not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new WebhookShapeException($"the body is {Kind(document.RootElement)}, not a JSON object");
        }
        catch (JsonException e)
        {
            throw new WebhookShapeException($"the body is not JSON: {e.Message}");
        }
    }

    /// <summary>The full ref at <paramref name="name"/> (<c>refs/heads/main</c>).</summary>
    public static string Ref(JsonElement root, string name = "ref")
    {
        var value = RequiredText(root, name, name);
        return IsFullRef(value) ? value : throw new WebhookShapeException($"{name} {Quote(value)} is not a full ref name such as refs/heads/main");
    }

    /// <summary>A commit id at <paramref name="name"/> when there is one (SHA-1 or SHA-256, hex).</summary>
    public static string? Commit(JsonElement root, string name)
    {
        var value = OptionalText(root, name, name);
        return value is null || CommitId().IsMatch(value) ? value : throw new WebhookShapeException($"{name} {Quote(value)} is not a commit id (40 or 64 hex digits)");
    }

    /// <summary>The texts of the given fields that are there, for naming the repository.</summary>
    public static IEnumerable<string> Texts(JsonElement parent, string path, params string[] names) =>
        names.Select(n => OptionalText(parent, n, $"{path}.{n}")).OfType<string>().Where(t => t.Length > 0);

    public static bool IsFullRef(string value) =>
        value.StartsWith("refs/", StringComparison.Ordinal) && value.Length > 5 && value.Length <= 1024 && !value.Any(char.IsControl) && !value.Contains(' ');

    public static bool IsCommit(string value) => CommitId().IsMatch(value);

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial Regex CommitId();
}

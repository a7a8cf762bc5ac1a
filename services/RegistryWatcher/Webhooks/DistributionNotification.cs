using System.Globalization;
using System.Text.Json;
using Platform.Registry;
using Platform.ServiceDefaults.Webhooks;
using static Platform.ServiceDefaults.Webhooks.JsonShape;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>One event of a CNCF distribution notification (<c>{"events": [...]}</c>); only what the watcher reads.</summary>
public sealed record DistributionEvent(string Id, string Action, DateTimeOffset? Timestamp, string? MediaType, string? Repository, string? Tag, string? Digest)
{
    /// <summary>
    /// Every event of the body, or <see cref="WebhookShapeException"/> naming the first field that is missing, of the
    /// wrong type, or not what a registry sends (a digest, tag or repository that is not one): the whole delivery is
    /// refused then, so that none of it is half applied.
    /// </summary>
    public static IReadOnlyList<DistributionEvent> ReadAll(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookShapeException($"the body is {Kind(envelope)}, not an object with an \"events\" array");
        }

        if (!envelope.TryGetProperty("events", out var events))
        {
            throw new WebhookShapeException("the body has no \"events\" array");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookShapeException($"\"events\" is {Kind(events)}, not an array");
        }

        return [.. events.EnumerateArray().Select((e, i) => Read(e, $"events[{i}]"))];
    }

    private static DistributionEvent Read(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookShapeException($"{path} is {Kind(e)}, not an event object");
        }

        var id = OptionalText(e, "id", $"{path}.id") ?? "";
        var action = RequiredText(e, "action", $"{path}.action");
        var timestamp = OptionalText(e, "timestamp", $"{path}.timestamp") is { } at
            ? DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var when)
                ? when
                : throw new WebhookShapeException($"{path}.timestamp {Quote(at)} is not a date and time (RFC 3339)")
            : (DateTimeOffset?)null;
        var target = Object(e, "target", $"{path}.target");
        var repository = OptionalText(target, "repository", $"{path}.target.repository");
        var tag = OptionalText(target, "tag", $"{path}.target.tag");
        var digest = OptionalText(target, "digest", $"{path}.target.digest");
        if (repository is not null && !ImageReference.IsRepositoryPath(repository))
        {
            throw new WebhookShapeException($"{path}.target.repository {Quote(repository)} is not a repository name (lowercase path components)");
        }

        if (tag is { Length: > 0 } && !ImageReference.IsTag(tag))
        {
            throw new WebhookShapeException($"{path}.target.tag {Quote(tag)} is not a tag (letters, digits, '_', '.', '-', at most 128)");
        }

        if (digest is not null && !ImageReference.IsDigest(digest))
        {
            throw new WebhookShapeException($"{path}.target.digest {Quote(digest)} is not a digest (algorithm:hex, sha256 with 64 hex digits)");
        }

        return new DistributionEvent(id, action, timestamp, OptionalText(target, "mediaType", $"{path}.target.mediaType"), repository, tag, digest);
    }
}

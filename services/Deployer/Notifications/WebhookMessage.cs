using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Deployer.Notifications;

/// <summary>
/// The body of a generic webhook: the notice and the bus event it was made from, as JSON. The receiver checks
/// <c>X-Platform-Signature-256: sha256=&lt;hex of HMAC-SHA256(secret, body)&gt;</c>; <c>id</c> is the same on every attempt of one message.
/// </summary>
public static class WebhookMessage
{
    public const string SignatureHeader = "X-Platform-Signature-256";
    public const string EventHeader = "X-Platform-Event";
    public const string DeliveryHeader = "X-Platform-Delivery";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JsonObject Of(Notice notice, Guid id) => new()
    {
        ["id"] = id,
        ["kind"] = NoticeKinds.Name(notice.Kind),
        ["environment"] = notice.Environment,
        ["subject"] = notice.Subject,
        ["title"] = notice.Title,
        ["facts"] = new JsonObject([.. notice.Facts.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]),
        ["logTail"] = new JsonArray([.. notice.LogTail.Select(l => (JsonNode)l)]),
        ["link"] = notice.Link,
        ["occurredAt"] = notice.OccurredAt,
        ["collapsed"] = notice.Collapsed,
        ["collapsedSince"] = notice.CollapsedSince,
        ["eventType"] = notice.Event.GetType().FullName,
        ["event"] = JsonSerializer.SerializeToNode(notice.Event, notice.Event.GetType(), Json),
    };

    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

using Platform.ServiceDefaults.Webhooks;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// Gitea and Forgejo: <c>X-Gitea-Event</c> (<c>X-Forgejo-Event</c>) <c>push</c>, signed with
/// <c>X-Gitea-Signature</c> (<c>X-Forgejo-Signature</c>): the hex HMAC-SHA256 of the body, no prefix;
/// identified by <c>X-Gitea-Delivery</c> (<c>X-Forgejo-Delivery</c>). The payload is shaped as GitHub's.
/// </summary>
public sealed class GiteaPushes : IPushWebhookProvider
{
    public string Name => "Gitea";

    public string Path => "/api/webhooks/gitea";

    public bool SecretInHeader => false;

    public bool ExpectsJson => true;

    public string CredentialHeader => "X-Gitea-Signature";

    public string? SecretOf(PushWebhookOptions options) => options.Gitea.Secret;

    public bool IsAuthentic(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret) =>
        WebhookSignatures.HmacSha256Matches(secret, body, Header(headers, "Signature"));

    public string? DeliveryId(IHeaderDictionary headers) => Header(headers, "Delivery");

    public PushHint Read(IHeaderDictionary headers, byte[] body)
    {
        var name = Header(headers, "Event");
        switch (name)
        {
            case null:
                throw new WebhookShapeException("the X-Gitea-Event (or X-Forgejo-Event) header is missing");
            case not "push":
                return new PushHint.Ignored($"event '{name}' is not a push");
        }

        var root = PushPayload.Parse(body);
        var repository = JsonShape.Object(root, "repository", "repository");
        return new PushHint.Push(
            [PushPayload.Ref(root)],
            PushPayload.Commit(root, "after"),
            [.. PushPayload.Texts(repository, "repository", "full_name", "clone_url", "ssh_url", "html_url")]);
    }

    /// <summary>Forgejo sends its own header names beside (or, in later versions, instead of) Gitea's.</summary>
    private static string? Header(IHeaderDictionary headers, string suffix) =>
        headers[$"X-Forgejo-{suffix}"].ToString() is { Length: > 0 } forgejo ? forgejo
        : headers[$"X-Gitea-{suffix}"].ToString() is { Length: > 0 } gitea ? gitea
        : null;
}

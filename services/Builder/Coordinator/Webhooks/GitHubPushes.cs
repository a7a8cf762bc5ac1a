using Platform.ServiceDefaults.Webhooks;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// GitHub: <c>X-GitHub-Event</c> <c>push</c> (branches and tags) and <c>ping</c>, signed with
/// <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>, identified by <c>X-GitHub-Delivery</c>.
/// </summary>
public sealed class GitHubPushes : IPushWebhookProvider
{
    public string Name => "GitHub";

    public string Path => "/api/webhooks/github";

    public bool SecretInHeader => false;

    public bool ExpectsJson => true;

    public string CredentialHeader => "X-Hub-Signature-256";

    public string? SecretOf(PushWebhookOptions options) => options.GitHub.Secret;

    public bool IsAuthentic(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret) =>
        headers["X-Hub-Signature-256"].ToString() is { } signature
        && signature.StartsWith("sha256=", StringComparison.Ordinal)
        && WebhookSignatures.HmacSha256Matches(secret, body, signature["sha256=".Length..]);

    public string? DeliveryId(IHeaderDictionary headers) => headers["X-GitHub-Delivery"].ToString() is { Length: > 0 } id ? id : null;

    public PushHint Read(IHeaderDictionary headers, byte[] body)
    {
        var name = headers["X-GitHub-Event"].ToString();
        switch (name)
        {
            case "":
                throw new WebhookShapeException("the X-GitHub-Event header is missing");
            case "ping":
                return new PushHint.Ping();
            case not "push":
                return new PushHint.Ignored($"event '{name}' is not a push");
        }

        var root = PushPayload.Parse(body);
        var repository = JsonShape.Object(root, "repository", "repository");
        return new PushHint.Push(
            [PushPayload.Ref(root)],
            PushPayload.Commit(root, "after"),
            [.. PushPayload.Texts(repository, "repository", "full_name", "clone_url", "ssh_url", "git_url", "html_url", "url")]);
    }
}

using Platform.ServiceDefaults.Webhooks;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// GitLab: <c>X-Gitlab-Event</c> <c>Push Hook</c> and <c>Tag Push Hook</c> (and a system hook's push), with the
/// secret token as it is in <c>X-Gitlab-Token</c>, identified by <c>X-Gitlab-Event-UUID</c>.
/// </summary>
public sealed class GitLabPushes : IPushWebhookProvider
{
    public string Name => "GitLab";

    public string Path => "/api/webhooks/gitlab";

    public bool SecretInHeader => true;

    public bool ExpectsJson => true;

    public string CredentialHeader => "X-Gitlab-Token";

    public string? SecretOf(PushWebhookOptions options) => options.GitLab.Secret;

    public bool IsAuthentic(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret) =>
        WebhookSignatures.SecretMatches(secret, headers["X-Gitlab-Token"].ToString());

    public string? DeliveryId(IHeaderDictionary headers) => headers["X-Gitlab-Event-UUID"].ToString() is { Length: > 0 } id ? id : null;

    public PushHint Read(IHeaderDictionary headers, byte[] body)
    {
        var name = headers["X-Gitlab-Event"].ToString();
        if (name.Length == 0)
        {
            throw new WebhookShapeException("the X-Gitlab-Event header is missing");
        }

        if (name is not ("Push Hook" or "Tag Push Hook" or "System Hook"))
        {
            return new PushHint.Ignored($"event '{name}' is not a push");
        }

        var root = PushPayload.Parse(body);
        var kind = JsonShape.OptionalText(root, "object_kind", "object_kind");
        if (name == "System Hook" && kind is not ("push" or "tag_push"))
        {
            return new PushHint.Ignored($"system hook '{kind ?? JsonShape.OptionalText(root, "event_name", "event_name")}' is not a push");
        }

        if (kind is not null && kind is not ("push" or "tag_push"))
        {
            throw new WebhookShapeException($"object_kind {JsonShape.Quote(kind)} is not push or tag_push, as a {name} says");
        }

        var project = JsonShape.Object(root, "project", "project");
        IEnumerable<string> names = PushPayload.Texts(project, "project", "path_with_namespace", "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url", "url");
        if (root.TryGetProperty("repository", out var repository) && repository.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            names = names.Concat(PushPayload.Texts(repository, "repository", "git_http_url", "git_ssh_url", "homepage", "url"));
        }

        return new PushHint.Push([PushPayload.Ref(root)], PushPayload.Commit(root, "after"), [.. names.Distinct(StringComparer.Ordinal)]);
    }
}

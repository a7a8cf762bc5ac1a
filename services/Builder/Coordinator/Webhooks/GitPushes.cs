using System.Text;

using Platform.ServiceDefaults.Webhooks;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// Any git server's <c>post-receive</c> hook: <c>Authorization: Bearer &lt;secret&gt;</c>, and as the body what
/// git gives the hook on its standard input, one <c>&lt;old-id&gt; &lt;new-id&gt; &lt;ref&gt;</c> line per updated ref
/// (an empty body means "look anyway"). <c>X-Delivery-Id</c>, when sent, drops a repeated delivery.
/// </summary>
public sealed class GitPushes : IPushWebhookProvider
{
    public string Name => "Git";

    public string Path => "/api/webhooks/git";

    public bool SecretInHeader => true;

    public bool ExpectsJson => false;

    public string CredentialHeader => "Authorization: Bearer";

    public string? SecretOf(PushWebhookOptions options) => options.Git.Secret;

    public bool IsAuthentic(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret) =>
        headers.Authorization.ToString() is { Length: > 7 } header
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && WebhookSignatures.SecretMatches(secret, header[7..].Trim());

    public string? DeliveryId(IHeaderDictionary headers) => headers["X-Delivery-Id"].ToString() is { Length: > 0 } id ? id : null;

    public PushHint Read(IHeaderDictionary headers, byte[] body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new WebhookShapeException("the body is not valid UTF-8");
        }

        var refs = new List<string>();
        string? after = null;
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ');
            if (fields.Length != 3 || !PushPayload.IsCommit(fields[0]) || !PushPayload.IsCommit(fields[1]) || !PushPayload.IsFullRef(fields[2]))
            {
                throw new WebhookShapeException(
                    $"line {i + 1} {JsonShape.Quote(line)} is not '<old-id> <new-id> <ref>' as git gives a post-receive hook");
            }

            refs.Add(fields[2]);
            after = fields[1];
        }

        // The hook runs on the server of the repository it reports: it names no other.
        return new PushHint.Push(refs, refs.Count == 1 ? after : null, []);
    }
}

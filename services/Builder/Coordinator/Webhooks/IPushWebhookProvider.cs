namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>One sender of push webhooks: how its requests are authenticated, identified and read.</summary>
public interface IPushWebhookProvider
{
    /// <summary>The provider as the settings name it (<c>GitHub</c>, the key <c>Builder:Webhooks:GitHub:Secret</c>).</summary>
    string Name { get; }

    /// <summary>The webhook's URL path on the builder.</summary>
    string Path { get; }

    /// <summary>True when the secret travels in a header as it is, so a request without it is refused before its body is read.</summary>
    bool SecretInHeader { get; }

    /// <summary>True when the body is a JSON document (a form-encoded one is refused with 415).</summary>
    bool ExpectsJson { get; }

    string? SecretOf(PushWebhookOptions options);

    /// <summary>Checks the request's secret or signature; <paramref name="body"/> is empty when <see cref="SecretInHeader"/>.</summary>
    bool IsAuthentic(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret);

    /// <summary>The header that names the credential, for the 401 answer.</summary>
    string CredentialHeader { get; }

    /// <summary>The id the provider gives this delivery (the same on a redelivery), when it gives one.</summary>
    string? DeliveryId(IHeaderDictionary headers);

    /// <summary>What the request says, or <see cref="WebhookShapeException"/> naming what is malformed.</summary>
    PushHint Read(IHeaderDictionary headers, byte[] body);
}

using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Commits;
using Platform.Catalog;

using Platform.ServiceDefaults.Webhooks;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// Handles one push webhook request of any provider. A push is only a hint: it asks the commit poller to look at
/// the repository now (<see cref="CommitTrigger"/>), which reads and plans what the repository really has, so a
/// forged or stale payload costs at most one look. Answers: 404 provider off, 413 body too large, 401 wrong or
/// missing secret, 415 not JSON, 400 malformed (with the reason), 200 ping or a delivery seen before, 202 accepted
/// or ignored (another event, repository or ref).
/// </summary>
public sealed class PushWebhook(
    RecentDeliveries recent,
    FollowedRepository followedRepository,
    FollowedRef followedRef,
    CommitTrigger trigger,
    IOptions<PushWebhookOptions> options,
    ILogger<PushWebhook> logger)
{
    private const int MaxDeliveryIdLength = 256;

    public async Task<IResult> HandleAsync(IPushWebhookProvider provider, HttpRequest request, CancellationToken cancellationToken)
    {
        if (provider.SecretOf(options.Value) is not { Length: > 0 } secret)
        {
            return Results.Problem($"the {provider.Name} webhook is off; set {PushWebhookOptions.Section}:{provider.Name}:Secret to turn it on",
                statusCode: StatusCodes.Status404NotFound);
        }

        var maxBytes = options.Value.MaxBodyBytes;
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (provider.SecretInHeader && !provider.IsAuthentic(request.Headers, [], secret))
        {
            return Unauthorized(provider);
        }

        if (await WebhookBody.ReadAsync(request, maxBytes, cancellationToken) is not { } body)
        {
            return TooLarge(maxBytes);
        }

        if (!provider.SecretInHeader && !provider.IsAuthentic(request.Headers, body, secret))
        {
            return Unauthorized(provider);
        }

        if (provider.ExpectsJson && request.ContentType?.Split(';')[0].Trim() is { Length: > 0 } type
            && !type.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem($"content type '{type}' is not application/json; choose application/json in the webhook's settings",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        PushHint hint;
        try
        {
            hint = provider.Read(request.Headers, body);
        }
        catch (WebhookShapeException e)
        {
            return Results.Problem($"not a {provider.Name} push webhook: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        var delivery = provider.DeliveryId(request.Headers);
        if (delivery is { Length: > MaxDeliveryIdLength })
        {
            // Ids are remembered: a long one would make the memory bound a lie.
            return Results.Problem($"the delivery id is longer than {MaxDeliveryIdLength} characters", statusCode: StatusCodes.Status400BadRequest);
        }

        return hint switch
        {
            PushHint.Ping => Results.Ok(new WebhookAnswer("pong", null)),
            PushHint.Ignored ignored => Ignore(provider, delivery, ignored.Reason),
            PushHint.Push push => await PushedAsync(provider, delivery, push, cancellationToken),
            _ => throw new InvalidOperationException($"unknown hint {hint}"),
        };
    }

    private async Task<IResult> PushedAsync(IPushWebhookProvider provider, string? delivery, PushHint.Push push, CancellationToken cancellationToken)
    {
        if (delivery is not null && !recent.TryRemember(provider.Name, delivery))
        {
            logger.LogDebug("{Provider} webhook: delivery {Delivery} was handled before; dropped", provider.Name, delivery);
            return Results.Ok(new WebhookAnswer("duplicate", $"delivery {delivery} was handled before"));
        }

        if (!followedRepository.Matches(push.Repository))
        {
            return Ignore(provider, delivery,
                $"repository {string.Join(", ", push.Repository.Take(2))} is not the followed {followedRepository.Name} ({PushWebhookOptions.Section}:Repository)");
        }

        var followed = push.Refs.Count == 0;
        foreach (var pushed in push.Refs)
        {
            followed |= await followedRef.IsFollowedAsync(pushed, cancellationToken);
        }

        if (!followed)
        {
            return Ignore(provider, delivery, $"{string.Join(", ", push.Refs)} is not a revision the builder follows ({followedRef.Describe()}: Catalog:Ref and Builder:Refs)");
        }

        trigger.Request();
        logger.LogInformation("{Provider} webhook: push to {Refs} ({After}), delivery {Delivery}; looking at the repository now",
            provider.Name, push.Refs.Count == 0 ? "a ref it did not name" : string.Join(", ", push.Refs),
            push.After is { } after ? after[..7] : "commit not given", delivery ?? "without an id");
        return Results.Accepted(value: new WebhookAnswer("accepted", null));
    }

    private IResult Ignore(IPushWebhookProvider provider, string? delivery, string reason)
    {
        logger.LogDebug("{Provider} webhook: delivery {Delivery} ignored: {Reason}", provider.Name, delivery ?? "without an id", reason);
        return Results.Accepted(value: new WebhookAnswer("ignored", reason));
    }

    private static IResult Unauthorized(IPushWebhookProvider provider) =>
        Results.Problem($"missing or wrong {provider.CredentialHeader}", statusCode: StatusCodes.Status401Unauthorized);

    private static IResult TooLarge(int maxBytes) =>
        Results.Problem($"the body is larger than {maxBytes} bytes ({PushWebhookOptions.Section}:MaxBodyBytes)", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <param name="Outcome"><c>accepted</c>, <c>ignored</c>, <c>duplicate</c> or <c>pong</c>.</param>
    public sealed record WebhookAnswer(string Outcome, string? Reason);
}

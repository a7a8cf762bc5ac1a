using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Watches;

using Platform.ServiceDefaults.Webhooks;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/distribution</c>: CNCF distribution registry notifications. Push events of tagged
/// manifests and indexes are sightings (the event carries the digest); pull events, blob pushes and pushes
/// by digest are ignored; an event id seen before, or an event older than one already applied to the same
/// tag (a late retry), is dropped; so is a copy delivered while the first is still handled (it waits for the first). <c>?registry=host:port</c> names a registry other than the platform's.
/// </summary>
public sealed class DistributionWebhook(
    WebhookSecret secret,
    RecentEvents recent,
    WatchList watches,
    PushedTags pushedTags,
    BuilderHintGrace intake,
    IOptions<WatcherOptions> options,
    ILogger<DistributionWebhook> logger)
{
    public const string Path = "/api/webhooks/distribution";
    private static readonly string[] ContentTypes = ["application/vnd.docker.distribution.events.v1+json", "application/json"];
    private readonly ConcurrentDictionary<(WatchKey, string Tag), DateTimeOffset> applied = new();

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!secret.Accepts(request, allowQuery: false))
        {
            return Results.Problem("missing or wrong webhook secret", statusCode: StatusCodes.Status401Unauthorized);
        }

        var contentType = request.ContentType?.Split(';')[0].Trim();
        if (contentType is null || !ContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            return Results.Problem($"content type '{contentType}' is not {ContentTypes[0]}", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var (document, refusal) = await WebhookBody.ReadAsync(request, options.Value.Webhooks.MaxBodyBytes, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        IReadOnlyList<DistributionEvent> events;
        using (document)
        {
            try
            {
                events = DistributionEvent.ReadAll(document!.RootElement);
            }
            catch (WebhookShapeException e)
            {
                return Results.Problem($"not a distribution notification: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
            }
        }

        if (WebhookBody.Registry(request) is { Refusal: { } badRegistry })
        {
            return badRegistry;
        }

        var registry = watches.Qualify(request.Query["registry"].FirstOrDefault());
        int sightings = 0, ignored = 0, duplicates = 0;
        foreach (var e in events)
        {
            if (e.Action != "push" || e.Tag is not { Length: > 0 } tag || e.Repository is null || e.Digest is null
                || e.MediaType is null || !ManifestMediaTypes.All.Contains(e.MediaType))
            {
                ignored++;
                continue;
            }

            // Claimed before it is handled: a copy delivered meanwhile waits for this one and is then a duplicate.
            using var claim = e.Id.Length > 0 ? await recent.ClaimAsync(e.Id, cancellationToken) : null;
            if (e.Id.Length > 0 && claim is null)
            {
                duplicates++;
                continue;
            }

            foreach (var watch in await pushedTags.WinnersAsync(registry, e.Repository, tag, cancellationToken))
            {
                if (e.Timestamp is { } at && IsOlderThanApplied(watch.Key, tag, at))
                {
                    continue;
                }

                await intake.ReportAsync(watch, new Sighting(watch.Key, tag, e.Digest, DigestSource.Webhook), cancellationToken);
                sightings++;
            }

            claim?.Complete();
        }

        logger.LogDebug("Distribution webhook: {Events} event(s), {Sightings} sighting(s), {Ignored} ignored, {Duplicates} duplicate(s)",
            events.Count, sightings, ignored, duplicates);
        return Results.Ok(new { events = events.Count, sightings, ignored, duplicates });
    }

    private bool IsOlderThanApplied(WatchKey key, string tag, DateTimeOffset at)
    {
        var newest = applied.AddOrUpdate((key, tag), at, (_, seen) => at > seen ? at : seen);
        return at < newest;
    }
}

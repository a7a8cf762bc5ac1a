using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Commits;
using Platform.Builder.History;
using Platform.Catalog;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Coordinator.Upstream;

/// <summary>
/// A new digest of an upstream image the catalogue starts from (python:3.12-slim on Docker Hub, say):
/// remembered, and a build cycle asked for at once, so that the images that use it are rebuilt.
/// </summary>
public sealed class UpstreamBaseConsumer(
    CatalogSource catalog,
    BuildHistory history,
    CommitTrigger trigger,
    IOptions<RegistryOptions> registries,
    ILogger<UpstreamBaseConsumer> logger) : IConsumer<ImageDigestChanged>
{
    public async Task Consume(ConsumeContext<ImageDigestChanged> context)
    {
        var change = context.Message;
        var upstream = (await catalog.GetAsync(context.CancellationToken)).UpstreamImages
            .Where(u => Matches(u.Reference, change))
            .ToList();
        foreach (var image in upstream)
        {
            if (await history.RecordUpstreamAsync(image.Reference, new UpstreamDigest(change.Digest, change.PreviousDigest, change.DetectedAt), context.CancellationToken)
                && change.PreviousDigest is not null)
            {
                logger.LogInformation("Upstream image {Reference} is now {Digest}: rebuilding {Images}", image.Reference, change.Digest, string.Join(", ", image.UsedBy));
                trigger.Request(replan: true);
            }
        }
    }

    /// <summary>The announcement names the reference's repository and tag, on its registry or on that registry's mirror.</summary>
    private bool Matches(string reference, ImageDigestChanged change)
    {
        if (!ImageReference.TryParse(reference, out var parsed) || (parsed.Tag ?? ImageReference.DefaultTag) != change.Tag)
        {
            return false;
        }

        return parsed.IsRepository(change.Registry, change.Image)
            || (registries.Value.For(parsed.Registry).Mirror is { } mirror && mirror.Authority == change.Registry && parsed.Repository == change.Image);
    }
}

using MassTransit;
using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Contracts;

namespace Platform.Deployer.Rollouts;

/// <summary>A new digest of a catalogue image: services are rolled out; other kinds need nothing from the beta target yet.</summary>
public sealed class ImageDigestChangedConsumer(
    CatalogSource catalog,
    ServiceRollout rollout,
    ILogger<ImageDigestChangedConsumer> logger) : IConsumer<ImageDigestChanged>
{
    public async Task Consume(ConsumeContext<ImageDigestChanged> context)
    {
        var change = context.Message;
        var image = (await catalog.GetAsync(context.CancellationToken)).Find(change.Image);
        switch (image?.Spec.Kind)
        {
            case null:
                logger.LogDebug("{Image} is not in the catalogue: no deployment uses it", change.Image);
                break;
            case ImageKind.Service:
                await rollout.RollOutAsync(image.Spec, change, context.CancellationToken);
                break;
            case ImageKind.Etl:
                logger.LogInformation("ETL job {Image} will run {Digest} from its next run", change.Image, change.Digest);
                break;
            case ImageKind.Base:
                break;
        }
    }
}

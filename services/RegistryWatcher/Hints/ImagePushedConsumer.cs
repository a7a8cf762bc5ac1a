using MassTransit;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Polling;
using Platform.RegistryWatcher.Watches;

namespace Platform.RegistryWatcher.Hints;

/// <summary>
/// The builder's word that it pushed: verified with one HEAD per watched tag, then announced in the
/// same trace as the build, carrying its commit and correlation id.
/// </summary>
public sealed class ImagePushedConsumer(
    WatchList watches,
    WatchChecker checker,
    DigestAnnouncer announcer,
    PlatformRegistry registry,
    ILogger<ImagePushedConsumer> logger) : IConsumer<ImagePushed>
{
    public async Task Consume(ConsumeContext<ImagePushed> context)
    {
        var pushed = context.Message;
        if (!string.Equals(pushed.Registry, registry.Host, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogDebug("Ignoring a push to {Registry}, which is not the watched registry", pushed.Registry);
            return;
        }

        await watches.CatchUpAsync(pushed.Commit, context.CancellationToken);
        foreach (var tag in pushed.Tags)
        {
            var key = new WatchKey(pushed.Image, tag);
            if (!await watches.IsWatchedAsync(key, context.CancellationToken))
            {
                continue;
            }

            var digest = await checker.HeadAsync(null, pushed.Image, tag, context.CancellationToken);
            if (digest is null)
            {
                logger.LogWarning("The builder pushed {Watch} as {Digest} but the registry does not know the tag", key, pushed.Digest);
                continue;
            }

            // Someone pushed again since: announce what is there now, without the builder's commit.
            var fromThisPush = digest == pushed.Digest;
            await announcer.ObserveAsync(
                new Sighting(key, tag, digest, DigestSource.BuilderHint, fromThisPush ? pushed.Commit : null, fromThisPush ? pushed.CorrelationId : null),
                context.CancellationToken);
        }
    }
}

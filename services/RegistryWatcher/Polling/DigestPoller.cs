using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Watches;

namespace Platform.RegistryWatcher.Polling;

/// <summary>
/// The backstop: every interval, one HEAD request per watched tag (no pull quota spent); a failing
/// registry or tag is recorded and the other watches go on.
/// </summary>
public sealed class DigestPoller(
    WatchList watches,
    DigestAnnouncer announcer,
    RegistryClient client,
    PlatformRegistry registry,
    IOptions<WatcherOptions> options,
    ILogger<DigestPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await announcer.ResumePendingAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "A poll cycle failed; the next one runs in {Interval}", options.Value.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var keys = await watches.CurrentAsync(cancellationToken);
        await Parallel.ForEachAsync(
            keys,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentChecks, CancellationToken = cancellationToken },
            async (key, token) =>
            {
                try
                {
                    var digest = await client.GetDigestAsync(registry.BaseUri, key.Image, key.Tag, token);
                    if (digest is null)
                    {
                        announcer.RecordError(key, "the tag is not in the registry yet");
                        return;
                    }

                    await announcer.ObserveAsync(key, digest, DigestSource.Poll, null, null, token);
                }
                catch (RegistryException e)
                {
                    logger.LogWarning("Checking {Watch} failed: {Error}", key, e.Message);
                    announcer.RecordError(key, e.Message);
                }
            });
    }
}

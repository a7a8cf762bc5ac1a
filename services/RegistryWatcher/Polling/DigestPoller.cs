using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Watches;

namespace Platform.RegistryWatcher.Polling;

/// <summary>
/// The backstop: each watch is checked when its interval is up (one HEAD for a watch that follows a tag,
/// no pull quota spent). Checks run independently, a few at a time per registry, so a slow or failing
/// registry delays only its own watches; its errors are recorded on them and the others go on.
/// </summary>
public sealed class DigestPoller(
    WatchList watches,
    WatchChecker checker,
    BuilderHintGrace intake,
    DigestAnnouncer announcer,
    WatchBoard board,
    IOptions<WatcherOptions> options,
    TimeProvider time,
    ILogger<DigestPoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<WatchKey, DateTimeOffset> due = new();
    private readonly ConcurrentDictionary<WatchKey, byte> busy = new();
    private readonly ConcurrentDictionary<WatchKey, Task> checks = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> registries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<WatchKey, Task> rechecks = new();
    private readonly CancellationTokenSource stopping = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await announcer.ResumePendingAsync(stoppingToken);
        var settings = options.Value;
        var tick = settings.PollInterval < settings.UpstreamPollInterval ? settings.PollInterval : settings.UpstreamPollInterval;
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            do
            {
                try
                {
                    await StartDueChecksAsync(tick / 2, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Working out the watches failed; trying again in {Interval}", settings.PollInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            await Task.WhenAll(checks.Values.Concat(rechecks.Values));
        }
    }

    /// <summary>Checks every watch now and waits for all of them (one poll cycle).</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var current = await watches.CurrentAsync(cancellationToken);
        await Task.WhenAll(current.Select(w => CheckAsync(w, cancellationToken)));
    }

    /// <summary>Checks one watch now: asks its registry, reports what it says, records an error on the watch.</summary>
    public async Task CheckAsync(Watch watch, CancellationToken cancellationToken)
    {
        var gate = registries.GetOrAdd(watch.Key.Registry ?? "", _ => new SemaphoreSlim(options.Value.MaxConcurrentChecks));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (tag, digest) = await checker.CheckAsync(watch, cancellationToken);
            await intake.ReportAsync(watch, new Sighting(watch.Key, tag, digest, DigestSource.Poll), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = e is RegistryException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (board.Of(watch.Key).LastError != error)
            {
                // Logged when it starts or changes, not at every interval; the API always shows the last one.
                logger.LogWarning("Checking {Watch} failed: {Error}", watch.Key, error);
            }

            announcer.RecordError(watch.Key, error);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A check a webhook asked for failed (a registry may notify before the pushed tag can be read): tried again
    /// after 1, 2 and 4 s in the background, rather than at the next poll, which may be an hour away.
    /// </summary>
    public void CheckAgainSoon(Watch watch) =>
        rechecks[watch.Key] = Task.Run(async () =>
        {
            try
            {
                foreach (var pause in RecheckPauses)
                {
                    await Task.Delay(pause, time, stopping.Token);
                    await CheckAsync(watch, stopping.Token);
                    if (board.Of(watch.Key).LastError is null)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        });

    private static readonly TimeSpan[] RecheckPauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <param name="slack">A watch due within this is checked now: the next tick would be late for it.</param>
    private async Task StartDueChecksAsync(TimeSpan slack, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var watch in await watches.CurrentAsync(cancellationToken))
        {
            // Reserved before it starts: a check that ends at once must not leave the watch marked busy.
            if (due.GetValueOrDefault(watch.Key) <= now + slack && busy.TryAdd(watch.Key, 0))
            {
                checks[watch.Key] = RunAsync(watch, now, cancellationToken);
            }
        }
    }

    /// <summary>Checks a watch; its next check is one interval after this one started, so the schedule does not drift by the time checks take.</summary>
    private async Task RunAsync(Watch watch, DateTimeOffset started, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await CheckAsync(watch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            var next = started + watch.Interval;
            due[watch.Key] = next;
            board.Scheduled(watch.Key, next);
            busy.TryRemove(watch.Key, out _);
        }
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.Registry.Http;

/// <summary>
/// What is known of each registry host's traffic: the requests in flight, the request rate, and a pause
/// the registry asked for (Retry-After of a 429 or 503, or a rate-limit budget spent). Shared by every
/// request of the process, so that one busy watch cannot spend another's budget.
/// </summary>
public sealed class RegistryTraffic(IOptions<RegistryOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, HostTraffic> hosts = new(StringComparer.OrdinalIgnoreCase);

    internal HostTraffic For(string authority) => hosts.GetOrAdd(authority, a => new HostTraffic(options.Value.For(a), a, time));

    /// <summary>When the registry at <paramref name="authority"/> may be asked again, or null when it may now.</summary>
    public DateTimeOffset? PausedUntil(string authority) =>
        hosts.TryGetValue(authority, out var host) && host.PausedUntil > time.GetUtcNow() ? host.PausedUntil : null;

    internal sealed class HostTraffic
    {
        private readonly TimeProvider time;
        private long pausedUntilTicks;

        public HostTraffic(RegistryHostOptions settings, string authority, TimeProvider time)
        {
            this.time = time;
            Concurrency = new SemaphoreSlim(settings.MaxConcurrentRequests, settings.MaxConcurrentRequests);
            var rate = settings.RequestsPerSecond ?? (RegistryEndpoints.IsLoopback(authority) ? 0 : RegistryHostOptions.DefaultRequestsPerSecond);
            if (rate > 0)
            {
                var perTick = Math.Max(1, (int)Math.Ceiling(rate / 10));
                Rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(perTick, (int)Math.Ceiling(rate)),
                    TokensPerPeriod = perTick,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / rate),
                    QueueLimit = int.MaxValue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
            }
        }

        public SemaphoreSlim Concurrency { get; }

        public TokenBucketRateLimiter? Rate { get; }

        public DateTimeOffset PausedUntil => new(Interlocked.Read(ref pausedUntilTicks), TimeSpan.Zero);

        /// <summary>Moves the pause forward (never back): the registry's latest word wins only when it asks for longer.</summary>
        public void PauseUntil(DateTimeOffset until)
        {
            var ticks = until.UtcTicks;
            long seen;
            do
            {
                seen = Interlocked.Read(ref pausedUntilTicks);
                if (seen >= ticks)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref pausedUntilTicks, ticks, seen) != seen);
        }

        public TimeSpan PauseLeft => PausedUntil - time.GetUtcNow();
    }
}

using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace Platform.Registry.Http;

/// <summary>
/// Per registry host: waits out a pause the registry asked for, keeps the requests in flight and the
/// request rate within the host's limits, and reads the rate-limit headers of every answer.
/// </summary>
public sealed class RegistryTrafficHandler(RegistryTraffic traffic, IOptions<RegistryClientOptions> options, TimeProvider time) : DelegatingHandler
{
    private static readonly TimeSpan DefaultRateLimitWindow = TimeSpan.FromSeconds(60);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = traffic.For(request.RequestUri!.Authority);
        await WaitForPauseAsync(host, request, cancellationToken);
        await host.Concurrency.WaitAsync(cancellationToken);
        try
        {
            if (host.Rate is { } rate)
            {
                using var lease = await rate.AcquireAsync(1, cancellationToken);
            }

            await WaitForPauseAsync(host, request, cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            Observe(host, response);
            return response;
        }
        finally
        {
            host.Concurrency.Release();
        }
    }

    private async Task WaitForPauseAsync(RegistryTraffic.HostTraffic host, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var left = host.PauseLeft;
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        if (left > options.Value.MaxRetryWait)
        {
            throw new RegistryException(
                $"{RequestCopy.Describe(request)} is rate limited: it asked for no requests until {host.PausedUntil:yyyy-MM-dd HH:mm:ss} UTC",
                (int)HttpStatusCode.TooManyRequests);
        }

        await Task.Delay(left, time, cancellationToken);
    }

    private void Observe(RegistryTraffic.HostTraffic host, HttpResponseMessage response)
    {
        var now = time.GetUtcNow();
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && RetryAfter(response, now) is { } retryAfter)
        {
            host.PauseUntil(now + retryAfter);
        }

        if (FirstNumber(response, "RateLimit-Remaining", "X-RateLimit-Remaining") is 0)
        {
            host.PauseUntil(now + (ResetAfter(response, now) ?? WindowOf(response) ?? DefaultRateLimitWindow));
        }
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>RateLimit-Reset in seconds from now, or as a Unix time (GitHub's X-RateLimit-Reset).</summary>
    private static TimeSpan? ResetAfter(HttpResponseMessage response, DateTimeOffset now) =>
        FirstNumber(response, "RateLimit-Reset", "X-RateLimit-Reset") switch
        {
            null => null,
            > 1_000_000_000 and var epoch => DateTimeOffset.FromUnixTimeSeconds(epoch) - now,
            var seconds => TimeSpan.FromSeconds(seconds.Value),
        };

    /// <summary>Docker Hub writes the window after the number: "RateLimit-Remaining: 0;w=21600".</summary>
    private static TimeSpan? WindowOf(HttpResponseMessage response)
    {
        var text = Header(response, "RateLimit-Remaining") ?? "";
        var window = text.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("w=", StringComparison.Ordinal));
        return window is not null && long.TryParse(window[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static long? FirstNumber(HttpResponseMessage response, params string[] names)
    {
        foreach (var name in names)
        {
            var text = Header(response, name)?.Split(';', ',')[0].Trim();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

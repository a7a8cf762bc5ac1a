using System.Net;
using Microsoft.Extensions.Options;

namespace Platform.Registry.Http;

/// <summary>
/// Sends a request again when the registry answers 429, 502, 503 or 504: after its Retry-After, else after
/// an exponential backoff; never for longer than <see cref="RegistryClientOptions.MaxRetryWait"/>. Each
/// attempt has <see cref="RegistryClientOptions.RequestTimeout"/>; a slow registry is an error, not a retry.
/// </summary>
public sealed class RegistryRetryHandler(IOptions<RegistryClientOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            var response = await SendOnceAsync(attempt == 0 ? request : RequestCopy.Of(request), settings.RequestTimeout, cancellationToken);
            if (!IsTransient(response.StatusCode) || attempt >= settings.MaxRetries)
            {
                return response;
            }

            var delay = RegistryTrafficHandler.RetryAfter(response, time.GetUtcNow()) ?? Backoff(settings.BackoffBase, attempt);
            if (delay > settings.MaxRetryWait)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, attempt.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TaskCanceledException($"{RequestCopy.Describe(request)} did not answer within {timeout.TotalSeconds:0.###} s", new TimeoutException(e.Message, e));
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>base, 2 base, 4 base... with a fifth of jitter so that many watches do not retry in step.</summary>
    private static TimeSpan Backoff(TimeSpan baseDelay, int attempt) =>
        baseDelay * Math.Pow(2, attempt) * (0.9 + (0.2 * Random.Shared.NextDouble()));
}

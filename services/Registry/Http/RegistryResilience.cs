using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Platform.Registry.Http;

/// <summary>
/// The one retry layer of every registry request: a resilience pipeline per registry authority (so that one failing
/// registry never pauses another) with a retry of 429, 502, 503, 504 and unreachable (after the registry's
/// Retry-After, else an exponential backoff with jitter; a Retry-After longer than
/// <see cref="RegistryClientOptions.MaxRetryWait"/> is answered as it is), a circuit breaker that stops calling a
/// registry that failed every request for a while, and a timeout of <see cref="RegistryClientOptions.RequestTimeout"/>
/// per attempt (a slow registry is an error, not a retry).
/// </summary>
public static class RegistryResilience
{
    public const string PipelineName = "registry";

    /// <summary>A registry that failed this many attempts in <see cref="SamplingDuration"/>, all of them, is not called for <see cref="BreakDuration"/>.</summary>
    public const int BreakAfterFailures = 10;

    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    public static IHttpClientBuilder AddRegistryResilience(this IHttpClientBuilder client)
    {
        client.AddHttpMessageHandler<RegistryFaultHandler>();
        client.AddResilienceHandler(PipelineName, static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<RegistryClientOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.BackoffBase,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options.MaxRetryWait, time)),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = BreakAfterFailures,
                SamplingDuration = SamplingDuration,
                BreakDuration = BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            });
            pipeline.AddTimeout(options.RequestTimeout);
        }).SelectPipelineByAuthority();
        return client;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxWait, TimeProvider time) =>
        outcome.Exception is HttpRequestException
        || (outcome.Result is { } response && IsTransient(response.StatusCode)
            && (RegistryTrafficHandler.RetryAfter(response, time.GetUtcNow()) is not { } wait || wait <= maxWait));

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && IsTransient(response.StatusCode));

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}

/// <summary>
/// In front of the pipeline: buffers a request's content (so that a retry can send it again) and says what the
/// pipeline's refusals mean in the terms every registry caller already handles (a timeout, an unreachable registry).
/// </summary>
public sealed class RegistryFaultHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TaskCanceledException($"{RequestCopy.Describe(request)} did not answer within {e.Timeout.TotalSeconds:0.###} s", new TimeoutException(e.Message, e));
        }
        catch (BrokenCircuitException e)
        {
            throw new HttpRequestException(
                $"{RequestCopy.Describe(request)} was not sent: registry {request.RequestUri?.Authority} failed every request lately " +
                $"({RegistryResilience.BreakAfterFailures} or more in {RegistryResilience.SamplingDuration.TotalSeconds:0} s), so it is left alone " +
                $"for {RegistryResilience.BreakDuration.TotalSeconds:0} s", e);
        }
    }
}

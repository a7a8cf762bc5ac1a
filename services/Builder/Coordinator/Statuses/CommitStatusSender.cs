using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// Sends the queued statuses one at a time, in the order they were queued. A provider that refuses (401, 403,
/// 5xx) or does not answer never holds up a build: the status goes back to the queue with a growing pause
/// (1 s, 2 s, 4 s ... 1 min, or the provider's Retry-After) until <see cref="CommitStatusOptions.GiveUpAfter"/>.
/// A trouble is logged once, with the provider, the status code and the repository, until a status is accepted again.
/// </summary>
public sealed class CommitStatusSender(
    CommitStatusQueue queue, ForgeStatusClient client, IOptions<CommitStatusOptions> options, TimeProvider time, ILogger<CommitStatusSender> logger)
    : BackgroundService
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(15);

    /// <summary>The troubles logged since the provider last took a status: each is logged once.</summary>
    private readonly HashSet<string> troubles = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        logger.LogInformation("Reporting each image's build on its commit to {Provider} at {ApiUrl} for {Repository}",
            client.Provider, settings.BaseUri, settings.Repository);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivery = await queue.NextAsync(stoppingToken);
                var result = await client.SendAsync(delivery.Status, stoppingToken);
                Handle(delivery, result);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A status is never worth stopping the builder for.
                logger.LogError(e, "Sending a commit status to {Provider} failed unexpectedly", client.Provider);
            }
        }
    }

    /// <summary>The pause before the next try of a status refused <paramref name="attempts"/> times before.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var doubled = FirstRetry * Math.Pow(2, Math.Min(attempts, 16));
        var backoff = doubled < LongestRetry ? doubled : LongestRetry;
        return retryAfter is { } asked && asked > backoff ? (asked < LongestRetryAfter ? asked : LongestRetryAfter) : backoff;
    }

    private void Handle(Delivery delivery, SendResult result)
    {
        var status = delivery.Status;
        var repository = options.Value.Repository;
        switch (result.Outcome)
        {
            case SendOutcome.Accepted:
                logger.LogDebug("{Provider} took {State} for {Context} at {Commit}", client.Provider, status.State, status.Context, status.Commit);
                if (troubles.Count > 0)
                {
                    troubles.Clear();
                    logger.LogInformation("{Provider} takes commit statuses for {Repository} again ({Waiting} waiting)", client.Provider, repository, queue.Count);
                }

                return;
            case SendOutcome.Retry when time.GetUtcNow() - delivery.QueuedAt >= options.Value.GiveUpAfter:
                LogOnce($"gave up {result.StatusCode}", () => logger.LogWarning(
                    "{Provider} has not taken the status {Context} at {Commit} for {Repository} within {GiveUpAfter} ({Answer}: {Detail}); it is dropped",
                    client.Provider, status.Context, status.Commit, repository, options.Value.GiveUpAfter, Answer(result), result.Detail));
                return;
            case SendOutcome.Retry:
                var delay = Backoff(delivery.Attempts, result.RetryAfter);
                LogOnce($"retry {result.StatusCode}", () => logger.LogWarning(
                    "{Provider} answered {Answer} for {Repository} ({Detail}); commit statuses are kept and tried again in the background, the builds go on",
                    client.Provider, Answer(result), repository, result.Detail));
                logger.LogDebug("{State} for {Context} at {Commit} is tried again in {Delay}", status.State, status.Context, status.Commit, delay);
                queue.Retry(delivery, delay);
                return;
            default:
                LogOnce($"refused {result.StatusCode}", () => logger.LogWarning(
                    "{Provider} refused the status {Context} at {Commit} for {Repository} with {Answer} ({Detail}); it is not sent again",
                    client.Provider, status.Context, status.Commit, repository, Answer(result), result.Detail));
                return;
        }
    }

    private void LogOnce(string what, Action log)
    {
        if (troubles.Add(what))
        {
            log();
        }
    }

    private static string Answer(SendResult result) => result.StatusCode is { } code ? $"HTTP {code}" : "no answer";
}

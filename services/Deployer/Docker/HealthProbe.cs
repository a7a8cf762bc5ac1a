namespace Platform.Deployer.Docker;

/// <summary>What one probe found wrong; <see cref="CutByDeadline"/> when it only ran out of the rollout's time, so it says nothing about the service.</summary>
public sealed record ProbeProblem(string Text, bool CutByDeadline);

/// <summary>Asks a service's health endpoint whether it answers 2xx; a plain client, since a probe must not retry.</summary>
public sealed class HealthProbe : IDisposable
{
    /// <summary>The longest one request may take, however much time the rollout has left.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Null when healthy, else what was wrong. One request, bounded by <paramref name="timeLeft"/> and <see cref="RequestTimeout"/>.</summary>
    public async Task<ProbeProblem?> CheckAsync(Uri uri, TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        var clipped = timeLeft < RequestTimeout;
        var timeout = clipped ? (timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.FromMilliseconds(1)) : RequestTimeout;
        using var request = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        request.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, request.Token);
            return response.IsSuccessStatusCode ? null : new ProbeProblem($"GET {uri.AbsolutePath} answered {(int)response.StatusCode}", false);
        }
        catch (HttpRequestException e)
        {
            return new ProbeProblem($"GET {uri.AbsolutePath} failed: {e.Message}", false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeProblem($"GET {uri.AbsolutePath} did not answer within {timeout.TotalSeconds:0.#} s", clipped);
        }
    }

    public void Dispose() => http.Dispose();
}

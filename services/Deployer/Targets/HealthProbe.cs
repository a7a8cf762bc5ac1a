namespace Platform.Deployer.Targets;

/// <summary>Asks a service's health endpoint whether it answers 2xx; a plain client, since a probe must not retry.</summary>
public sealed class HealthProbe : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Null when healthy, else what was wrong.</summary>
    public async Task<string?> CheckAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"GET {uri.AbsolutePath} answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return $"GET {uri.AbsolutePath} failed: {e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"GET {uri.AbsolutePath} did not answer within {http.Timeout.TotalSeconds:F0} s";
        }
    }

    public void Dispose() => http.Dispose();
}

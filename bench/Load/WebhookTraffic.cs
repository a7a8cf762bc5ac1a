using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.Bench.Load;

/// <summary>What one kind of request is, and what the watcher must answer to it.</summary>
public enum HookKind { Change, ConcurrentCopy, Duplicate, Pull, Unwatched, Batch, BadJson, BadShape, Unauthenticated, WrongContentType }

/// <summary>One answered request: its kind, status, the counts of its answer, and how long it took.</summary>
public sealed record HookAnswer(HookKind Kind, int Status, bool RetryAfter, JsonElement? Body, double Milliseconds, string? Error);

/// <summary>
/// The load client of the webhook run: one HttpClient with a fixed number of connections, requests paced
/// to a schedule (a request waits for its slot, and a worker that falls behind sends at once, never more
/// than one request per connection at a time). Records every answer.
/// </summary>
public sealed class WebhookTraffic : IDisposable
{
    public const string MediaType = "application/vnd.docker.distribution.events.v1+json";
    private readonly HttpClient http;
    private readonly string secret;
    private long sequence;
    private long unauthenticated;

    public WebhookTraffic(Uri watcher, string secret, int connections)
    {
        this.secret = secret;
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = watcher,
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public ConcurrentBag<HookAnswer> Answers { get; } = [];

    /// <summary>Change events answered (id and body), which duplicates send again.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    public static string Event(string id, string action, string repository, string? tag, string digest, string mediaType = "application/vnd.oci.image.manifest.v1+json")
    {
        var at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var tagProperty = tag is null ? "" : $",\"tag\":\"{tag}\"";
        return $"{{\"id\":\"{id}\",\"timestamp\":\"{at}\",\"action\":\"{action}\",\"target\":{{\"mediaType\":\"{mediaType}\",\"digest\":\"{digest}\",\"repository\":\"{repository}\"{tagProperty}}},\"request\":{{\"id\":\"r\",\"method\":\"PUT\"}}}}";
    }

    public static string Envelope(params string[] events) => "{\"events\":[" + string.Join(',', events) + "]}";

    public string NextId(string prefix) => $"{prefix}-{Interlocked.Increment(ref sequence):D7}";

    /// <summary>
    /// Sends one request of the given kind; change events that the watcher sheds (429/503) are sent again after
    /// its Retry-After, as a registry's notification queue would; returns the last answer.
    /// </summary>
    public async Task<HookAnswer> SendAsync(HookKind kind, string body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var answer = await SendOnceAsync(kind, body, cancellationToken);
            Answers.Add(answer);
            if (kind is not (HookKind.Change or HookKind.ConcurrentCopy) || answer.Status is not (429 or 503))
            {
                return answer;
            }

            await Task.Delay(answer.RetryAfter ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task<HookAnswer> SendOnceAsync(HookKind kind, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/distribution")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(kind == HookKind.WrongContentType ? "text/plain" : MediaType);
        if (kind != HookKind.Unauthenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
        else if (Interlocked.Increment(ref unauthenticated) % 2 == 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret + "-wrong");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            JsonElement? parsed = null;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var document = JsonDocument.Parse(text);
                parsed = document.RootElement.Clone();
            }

            return new HookAnswer(kind, (int)response.StatusCode, response.Headers.RetryAfter is not null, parsed, elapsed,
                (int)response.StatusCode >= 500 ? text : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new HookAnswer(kind, 0, false, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"{e.GetType().Name}: {e.Message}");
        }
    }

    public void Dispose() => http.Dispose();
}

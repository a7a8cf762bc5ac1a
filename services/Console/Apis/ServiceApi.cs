using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Console.Apis;

/// <summary>GETs and POSTs to one service's HTTP API, found through service discovery; failures become one line.</summary>
public abstract class ServiceApi(HttpClient http, ApiCache cache, string service)
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected string Service => service;

    protected HttpClient Http => http;

    /// <summary>Shared by every page that asks within a moment: the fetch is the cache's, each caller waits with its own token.</summary>
    protected Task<Answer<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        cache.GetAsync($"{service}{path}", () => FetchAsync<T>(path, CancellationToken.None)).WaitAsync(cancellationToken);

    protected Task<ActionOutcome> PostAsync(string path, string done, CancellationToken cancellationToken) =>
        SendAsync(() => http.PostAsync(path, null, cancellationToken), done, cancellationToken);

    /// <summary>A POST with a JSON body (the deployer's promotion and rollback commands).</summary>
    protected Task<ActionOutcome> PostJsonAsync(string path, object body, string done, CancellationToken cancellationToken) =>
        SendAsync(() => http.PostAsJsonAsync(path, body, Json, cancellationToken), done, cancellationToken);

    /// <summary>What the service said: its <c>message</c> (or <c>error</c>) and the status it answered with.</summary>
    private async Task<ActionOutcome> SendAsync(Func<Task<HttpResponseMessage>> send, string done, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var answered = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            return response.IsSuccessStatusCode
                ? new ActionOutcome(true, $"{Property(body, "message") ?? done} (the {service} answered {answered}).")
                : new ActionOutcome(false, $"The {service} refused: {answered}: {Shorten(Property(body, "error") ?? Property(body, "message") ?? body)}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ActionOutcome(false, $"The {service} does not answer: {e.Message}");
        }
    }

    private async Task<Answer<T>> FetchAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Answer<T>.Failed($"the {service} answered GET {path} with {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return value is null ? Answer<T>.Failed($"the {service} answered GET {path} with null") : Answer<T>.Of(value);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Answer<T>.Failed($"the {service} does not answer GET {path}: {e.Message}");
        }
    }

    /// <summary>A text property of a JSON answer (the services answer <c>{"error": ...}</c> or <c>{"message": ...}</c>); null for anything else.</summary>
    private static string? Property(string body, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Cli.Services;

/// <summary>
/// Calls a service's HTTP API and turns its failures into one clear line. With a <paramref name="token"/> (<see cref="ApiTokenOption"/>)
/// its POSTs carry <c>Authorization: Bearer</c>; its reads never do.
/// </summary>
public sealed class ServiceClient(string service, Uri baseUri, string? token = null) : IDisposable
{
    /// <summary>The services' setting of the token, as the environment variable that sets it.</summary>
    private const string ApiTokenVariable = "Api__Token";

    private readonly HttpClient http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw CommandLineException.Failed($"the {service} at {http.BaseAddress} answered GET {path} with JSON null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw CommandLineException.Failed($"the {service} at {http.BaseAddress} answered GET {path} with something that is not its JSON: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            throw CommandLineException.Failed($"the {service} at {http.BaseAddress} broke off its answer to GET {path}: {e.Message}");
        }
    }

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> as JSON and returns the status and JSON answer; a 4xx answer is a refusal of what was asked
    /// (exit code 2, its message), except 401 and 403 (exit code 3: the API token), anything but 2xx and 4xx a failure of the service (exit code 1).
    /// </summary>
    public async Task<(int Status, JsonElement Answer)> PostJsonAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var request = Request(HttpMethod.Post, path);
            request.Content = JsonContent.Create(body, type);
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw CommandLineException.Failed($"the {service} at {http.BaseAddress} does not answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommandLineException.Failed($"the {service} at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode is 401 or 403)
            {
                throw Refused(HttpMethod.Post, path, (int)response.StatusCode, text);
            }

            JsonElement answer;
            try
            {
                answer = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw CommandLineException.Failed($"the {service} answered {(int)response.StatusCode} to POST {path} with something that is not its JSON: {Shorten(text.Trim())}");
            }

            var message = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("message", out var m) ? m.GetString() : null;
            var status = (int)response.StatusCode;

            if (status is >= 400 and < 500)
            {
                throw new CommandLineException(message ?? $"the {service} refused POST {path} ({status}): {Shorten(text.Trim())}");
            }

            if (status is < 200 or >= 300)
            {
                throw CommandLineException.Failed(message ?? $"the {service} answered {status} to POST {path}: {Shorten(text.Trim())}");
            }

            return (status, answer);
        }
    }

    public async Task PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var request = Request(method, path);
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw CommandLineException.Failed($"the {service} at {http.BaseAddress} does not answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommandLineException.Failed($"the {service} at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s");
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            if ((int)response.StatusCode is 401 or 403)
            {
                throw Refused(method, path, (int)response.StatusCode, body);
            }

            throw CommandLineException.Failed($"the {service} answered {(int)response.StatusCode} to {method} {path}: {Shorten(body.Trim())}");
        }

        return response;
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null && method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>401 or 403: what to pass or set, with the service's own title of the refusal (never the token).</summary>
    private CommandLineException Refused(HttpMethod method, string path, int status, string body)
    {
        var title = Title(body) is { } said ? $"{status}: {said}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = $"the {service} at {http.BaseAddress} refused {method} {path} ({title})";
        return new CommandLineException(
            status == 403
                ? $"{refused}: it takes calls that change state from its own machine only until it has an API token; set {ApiTokenVariable} on the services " +
                  $"(the AppHost's secret parameter api-token; the Secret key api-token in a cluster) and pass the same with --token or {ApiTokenOption.Variable}"
                : token is null
                    ? $"{refused}: from this address it wants the services' API token; pass --token or set {ApiTokenOption.Variable}"
                    : $"{refused}: the API token given was not accepted; check --token or {ApiTokenOption.Variable} against the services' Api:Token",
            ExitCodes.Denied);
    }

    /// <summary>The title of a JSON problem (<c>application/problem+json</c>), if the body is one.</summary>
    private static string? Title(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("title", out var title)
                && title.ValueKind == JsonValueKind.String ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An error page can be long (an HTML sign-in page): one line of it is enough.</summary>
    private static string Shorten(string body)
    {
        var line = body.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..297] + "...";
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Cli.Services;

/// <summary>Calls a service's HTTP API and turns its failures into one clear line.</summary>
public sealed class ServiceClient(string service, Uri baseUri) : IDisposable
{
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
    /// (exit code 2, its message), anything but 2xx and 4xx a failure of the service (exit code 1).
    /// </summary>
    public async Task<(int Status, JsonElement Answer)> PostJsonAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(path, body, type, cancellationToken);
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
            response = await http.SendAsync(new HttpRequestMessage(method, path), cancellationToken);
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
            throw CommandLineException.Failed($"the {service} answered {(int)response.StatusCode} to {method} {path}: {Shorten(body.Trim())}");
        }

        return response;
    }

    public void Dispose() => http.Dispose();

    /// <summary>An error page can be long (an HTML sign-in page): one line of it is enough.</summary>
    private static string Shorten(string body)
    {
        var line = body.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..297] + "...";
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// Posts one status to a forge's API and says what came of it, never throwing: accepted, worth trying again
/// (401, 403, 408, 429, 5xx, no answer within <see cref="CommitStatusOptions.Timeout"/>, no connection),
/// or refused for good (another 4xx: the request or the commit is wrong). Each provider says only its path,
/// headers and body. The token goes in a header and nowhere else.
/// </summary>
public abstract class ForgeStatusClient(HttpClient http, IOptions<CommitStatusOptions> options)
{
    public const string UserAgent = "Platform-Builder";

    protected static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public abstract CommitStatusProvider Provider { get; }

    protected CommitStatusOptions Options => options.Value;

    public async Task<SendResult> SendAsync(CommitStatus status, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var request = Request(status);
            request.Headers.UserAgent.ParseAdd(UserAgent);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return new SendResult(SendOutcome.Accepted, (int)response.StatusCode, "");
            }

            var message = MessageOf(await ReadSomeAsync(response, timeout.Token));
            if (AlreadyInThatState(response.StatusCode, message))
            {
                return new SendResult(SendOutcome.Accepted, (int)response.StatusCode, message);
            }

            var code = (int)response.StatusCode;
            var retry = code is 401 or 403 or 408 or 429 or >= 500;
            return new SendResult(retry ? SendOutcome.Retry : SendOutcome.Rejected, code, message, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Retry, null, $"no answer within {Options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(SendOutcome.Retry, null, e.Message);
        }
    }

    private sealed record RepositoryStatusBody(string State, string? TargetUrl, string Description, string Context);

    /// <summary>The provider's request for the status: method, address, token header, JSON body.</summary>
    protected abstract HttpRequestMessage Request(CommitStatus status);

    /// <summary>A refusal that only means the commit shows that state already (GitLab refuses pending after pending).</summary>
    protected virtual bool AlreadyInThatState(HttpStatusCode code, string message) => false;

    protected HttpRequestMessage Post(string path, object body) =>
        new(HttpMethod.Post, new Uri(Options.BaseUri, path)) { Content = JsonContent.Create(body, body.GetType(), options: Json) };

    /// <summary>
    /// The request GitHub and Gitea/Forgejo share: <c>POST repos/{owner}/{repo}/statuses/{sha}</c> with one of the states
    /// error, failure, pending, success (running is shown as pending); the caller adds its token and accept headers.
    /// </summary>
    protected HttpRequestMessage RepositoryStatusRequest(CommitStatus status) =>
        Post($"repos/{OwnerAndName()}/statuses/{status.Commit}", new RepositoryStatusBody(
            status.State switch
            {
                CommitState.Pending or CommitState.Running => "pending",
                CommitState.Success => "success",
                CommitState.Failure => "failure",
                _ => "error",
            },
            status.TargetUrl?.AbsoluteUri,
            status.Description,
            status.Context));

    /// <summary><c>owner/name</c> as two escaped path segments.</summary>
    protected string OwnerAndName()
    {
        var parts = Options.Repository!.Trim().Split('/');
        return $"{Uri.EscapeDataString(parts[0])}/{Uri.EscapeDataString(parts[1])}";
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > 4096 ? text[..4096] : text;
    }

    /// <summary>The <c>message</c> of a JSON error body (all three providers send one), else the start of the body.</summary>
    private static string MessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
            {
                return CommitStatusText.Fit(message.ValueKind == JsonValueKind.String ? message.GetString() ?? "" : message.GetRawText());
            }
        }
        catch (JsonException)
        {
        }

        return CommitStatusText.Fit(body);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
}

public enum SendOutcome
{
    Accepted,
    Retry,
    Rejected,
}

/// <param name="StatusCode">The provider's HTTP status, or null when it did not answer.</param>
/// <param name="Detail">The provider's message, or why there was no answer.</param>
/// <param name="RetryAfter">How long the provider asked to wait (429, a rate limit's 403).</param>
public sealed record SendResult(SendOutcome Outcome, int? StatusCode, string Detail, TimeSpan? RetryAfter = null);

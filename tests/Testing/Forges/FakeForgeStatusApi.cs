using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Platform.Testing.Forges;

/// <summary>
/// A FAKE of a forge's commit status API (GitHub, GitLab and Gitea cannot be reached from here), on a free
/// loopback port. It checks each request as the provider would (path, token header, content type, JSON
/// fields and their values, the description's length) and answers as the provider does, records every
/// request with what was wrong with it, and plays what a test scripts: 401, 403, 500, an answer that
/// never comes. Each provider's subclass says its rules.
/// </summary>
public abstract class FakeForgeStatusApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<Scripted> script = new();
    private WebApplication? app;

    protected FakeForgeStatusApi(string repository, string token)
    {
        Repository = repository;
        Token = token;
    }

    /// <summary>owner/name, or GitLab's project path or id, that the fake knows; any other answers 404.</summary>
    public string Repository { get; }

    public string Token { get; }

    public int Port { get; private set; }

    /// <summary>What the builder's <c>CommitStatuses:ApiUrl</c> is set to: the fake's address and the provider's API prefix.</summary>
    public string ApiUrl => $"http://127.0.0.1:{Port}{Prefix}";

    /// <summary>Every request, in the order received.</summary>
    public ConcurrentQueue<RecordedStatus> Requests { get; } = new();

    /// <summary>When set, every request that passes the checks is answered with this status code instead of created.</summary>
    public int? AnswerAlways { get; set; }

    /// <summary>The statuses the fake created (answered 2xx), in order.</summary>
    public IReadOnlyList<RecordedStatus> Created => [.. Requests.Where(r => r.Answer is >= 200 and < 300)];

    /// <summary>Requests with anything the provider would have refused.</summary>
    public IReadOnlyList<RecordedStatus> Invalid => [.. Requests.Where(r => r.Problems.Count > 0)];

    /// <summary>The created states of one context, in order.</summary>
    public IReadOnlyList<RecordedStatus> CreatedFor(string context) => [.. Created.Where(r => r.Context == context)];

    /// <summary>The next requests are answered with these status codes, one each, after the checks of the token and path.</summary>
    public void Script(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            script.Enqueue(new Scripted(code, null));
        }
    }

    /// <summary>The next request gets no answer for <paramref name="delay"/> (the client times out first) and creates nothing.</summary>
    public void ScriptSilence(TimeSpan delay) => script.Enqueue(new Scripted(201, delay));

    protected abstract string Prefix { get; }

    /// <summary>The path after the prefix, for the commit; null when the path names another repository or is not the statuses endpoint.</summary>
    protected abstract Regex StatusPath { get; }

    /// <summary>What is wrong with the token header, as the provider's 401 says, or null.</summary>
    protected abstract string? CheckToken(HttpRequest request);

    /// <summary>Reads the fields into a record and lists what the provider would refuse in them.</summary>
    protected abstract RecordedStatus ReadBody(string commit, JsonElement body, List<string> problems);

    /// <summary>The status code the provider answers a request with these problems (GitHub 422, GitLab 400).</summary>
    protected abstract int InvalidStatusCode { get; }

    /// <summary>A refusal the provider itself makes of a valid request (GitLab's state machine), or null.</summary>
    protected virtual (int Code, string Message)? Refuse(RecordedStatus status) => null;

    /// <summary>A status was created (answered 2xx).</summary>
    protected virtual void OnCreated(RecordedStatus status)
    {
    }

    /// <summary>Headers every request must carry, besides the token; what is missing.</summary>
    protected virtual IEnumerable<string> CheckHeaders(HttpRequest request) => [];

    protected async Task ListenAsync()
    {
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        // The raw target, as sent: an escaped "/" of a GitLab project path must stay escaped.
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var path = target.StartsWith(Prefix + "/", StringComparison.Ordinal) ? target[Prefix.Length..] : null;
        var match = path is null ? null : StatusPath.Match(path);
        if (context.Request.Method != "POST" || match is not { Success: true })
        {
            Requests.Enqueue(RecordedStatus.Unmatched(context.Request.Method, target, 404));
            await WriteAsync(context, 404, "Not Found");
            return;
        }

        var commit = match.Groups["sha"].Value;
        if (CheckToken(context.Request) is { } unauthorized)
        {
            Requests.Enqueue(RecordedStatus.Unmatched("POST", target, 401) with { Commit = commit });
            await WriteAsync(context, 401, unauthorized);
            return;
        }

        var problems = CheckHeaders(context.Request).ToList();
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            problems.Add($"Content-Type is '{context.Request.ContentType}', not application/json");
        }

        RecordedStatus status;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            status = body.RootElement.ValueKind == JsonValueKind.Object
                ? ReadBody(commit, body.RootElement, problems)
                : RecordedStatus.Unmatched("POST", target, 0) with { Commit = commit };
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add("the body is not a JSON object");
            }
        }
        catch (JsonException e)
        {
            problems.Add($"the body is not JSON: {e.Message}");
            status = RecordedStatus.Unmatched("POST", target, 0) with { Commit = commit };
        }

        status = status with { Path = target, Problems = problems };
        var (code, message, delay) = problems.Count > 0 ? (InvalidStatusCode, string.Join("; ", problems), null)
            : script.TryDequeue(out var scripted) ? (scripted.Code, scripted.Code < 300 ? "" : $"scripted {scripted.Code}", scripted.Delay)
            : AnswerAlways is { } always ? (always, $"answering {always}", (TimeSpan?)null)
            : Refuse(status) is { } refused ? (refused.Code, refused.Message, null)
            : (201, "", null);
        Requests.Enqueue(status with { Answer = delay is null ? code : 0 });
        if (delay is { } silence)
        {
            // The client gives up first: the request is recorded as never answered (0), and nothing is created.
            await Task.Delay(silence, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (code is >= 200 and < 300)
        {
            OnCreated(status);
        }

        await WriteAsync(context, code, message);
    }

    private static Task WriteAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(code < 300 ? "{\"id\":1}" : JsonSerializer.Serialize(new { message }));
    }

    /// <summary>The provider's rule for a target URL: absent, or an absolute http(s) address.</summary>
    protected static void CheckTargetUrl(string? url, List<string> problems)
    {
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problems.Add($"target_url '{url}' is not an absolute http(s) URL");
        }
    }

    protected static string? StringField(JsonElement body, string name, List<string> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} is a {value.ValueKind}, not a string");
            return null;
        }

        return value.GetString();
    }

    private sealed record Scripted(int Code, TimeSpan? Delay);
}

/// <summary>One request to a fake forge: what it said, what was wrong with it, and the status code it got (0: none, the client gave up).</summary>
public sealed record RecordedStatus(string Method, string Path, string Commit, string Context, string State, string? TargetUrl, string? Description, int Answer)
{
    public IReadOnlyList<string> Problems { get; init; } = [];

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public static RecordedStatus Unmatched(string method, string path, int answer) => new(method, path, "", "", "", null, null, answer);

    public override string ToString() =>
        $"{Method} {Path} -> {Answer}: {State} {Context} '{Description}' {TargetUrl}{(Problems.Count > 0 ? $" PROBLEMS: {string.Join("; ", Problems)}" : "")}";
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.Testing.Forges;

/// <summary>
/// A FAKE of GitLab's (self-hosted) API v4 for commit statuses: <c>POST /projects/:id/statuses/:sha</c> where
/// the id is the number or the project's path escaped as one segment (<c>group%2Fproject</c>), the
/// <c>PRIVATE-TOKEN</c> header; state pending, running, success, failed or canceled, the context in <c>name</c>.
/// Like GitLab it refuses a job's state it has already with 400 "Cannot transition status via :enqueue from :pending".
/// </summary>
public sealed class FakeGitLabStatusApi(string repository, string token) : FakeForgeStatusApi(repository, token)
{
    private static readonly string[] States = ["pending", "running", "success", "failed", "canceled", "skipped"];
    private readonly ConcurrentDictionary<(string Commit, string Name), string> jobs = new();

    public static async Task<FakeGitLabStatusApi> StartAsync(string repository = "data-team/platform/images", string token = "glpat-fakeToken0123456789")
    {
        var api = new FakeGitLabStatusApi(repository, token);
        await api.ListenAsync();
        return api;
    }

    protected override string Prefix => "/api/v4";

    protected override Regex StatusPath =>
        new($"^/projects/{Regex.Escape(Uri.EscapeDataString(Repository))}/statuses/(?<sha>[0-9a-f]{{40}})$", RegexOptions.IgnoreCase);

    protected override int InvalidStatusCode => 400;

    protected override string? CheckToken(HttpRequest request) =>
        request.Headers["PRIVATE-TOKEN"].ToString() == Token ? null : "401 Unauthorized";

    protected override RecordedStatus ReadBody(string commit, JsonElement body, List<string> problems)
    {
        var state = StringField(body, "state", problems);
        if (state is null || !States.Contains(state))
        {
            problems.Add($"state does not have a valid value: '{state}'");
        }

        if (body.TryGetProperty("context", out _))
        {
            problems.Add("context given: GitLab calls the context 'name' (it takes 'context' only as an alias; this client uses 'name')");
        }

        var description = StringField(body, "description", problems);
        if (description is { Length: > 255 })
        {
            problems.Add($"description is longer than 255 characters: {description.Length}");
        }

        var targetUrl = StringField(body, "target_url", problems);
        CheckTargetUrl(targetUrl, problems);
        var name = StringField(body, "name", problems) ?? "default";
        return new RecordedStatus("POST", "", commit, name, state ?? "", targetUrl, description, 0);
    }

    /// <summary>A pending or running job is not made pending or running again; a finished one starts a new job.</summary>
    protected override (int Code, string Message)? Refuse(RecordedStatus status)
    {
        var transition = status.State switch
        {
            "pending" => "enqueue",
            "running" => "run",
            _ => null,
        };
        return transition is not null && jobs.TryGetValue((status.Commit, status.Context), out var current)
            && (current == status.State || (current == "running" && status.State == "pending"))
            ? (400, $"Cannot transition status via :{transition} from :{current} (Reason(s): Status cannot transition via \"{transition}\")")
            : null;
    }

    protected override void OnCreated(RecordedStatus status) => jobs[(status.Commit, status.Context)] = status.State;
}

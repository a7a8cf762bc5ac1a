using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.Testing.Forges;

/// <summary>
/// A FAKE of GitHub's (Enterprise) REST API for commit statuses, under <c>/api/v3</c>:
/// <c>POST /repos/{owner}/{repo}/statuses/{sha}</c>, <c>Authorization: Bearer</c>, a User-Agent (GitHub refuses
/// requests without one), <c>X-GitHub-Api-Version: 2022-11-28</c>; state error, failure, pending or success;
/// description at most 140 characters; 422 "Validation Failed" otherwise.
/// </summary>
public sealed class FakeGitHubStatusApi(string repository, string token) : FakeForgeStatusApi(repository, token)
{
    private static readonly string[] States = ["error", "failure", "pending", "success"];

    public static async Task<FakeGitHubStatusApi> StartAsync(string repository = "data-team/images", string token = "ghp_fakeToken0123456789")
    {
        var api = new FakeGitHubStatusApi(repository, token);
        await api.ListenAsync();
        return api;
    }

    protected override string Prefix => "/api/v3";

    protected override Regex StatusPath => new($"^/repos/{Regex.Escape(Repository)}/statuses/(?<sha>[0-9a-f]{{40}})$");

    protected override int InvalidStatusCode => 422;

    protected override string? CheckToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() == $"Bearer {Token}" ? null : "Bad credentials";

    protected override IEnumerable<string> CheckHeaders(HttpRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Headers.UserAgent))
        {
            yield return "no User-Agent";
        }

        if (!request.Headers.Accept.ToString().Contains("application/vnd.github+json", StringComparison.Ordinal))
        {
            yield return $"Accept is '{request.Headers.Accept}', not application/vnd.github+json";
        }

        if (request.Headers["X-GitHub-Api-Version"].ToString() != "2022-11-28")
        {
            yield return $"X-GitHub-Api-Version is '{request.Headers["X-GitHub-Api-Version"]}', not 2022-11-28";
        }
    }

    protected override RecordedStatus ReadBody(string commit, JsonElement body, List<string> problems)
    {
        var state = StringField(body, "state", problems);
        if (state is null || !States.Contains(state))
        {
            problems.Add($"state '{state}' is not one of {string.Join(", ", States)}");
        }

        var description = StringField(body, "description", problems);
        if (description is { Length: > 140 })
        {
            problems.Add($"description is too long (maximum is 140 characters): {description.Length}");
        }

        var targetUrl = StringField(body, "target_url", problems);
        CheckTargetUrl(targetUrl, problems);
        var context = StringField(body, "context", problems) ?? "default";
        return new RecordedStatus("POST", "", commit, context, state ?? "", targetUrl, description, 0);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.Testing.Forges;

/// <summary>
/// A FAKE of Gitea's (and Forgejo's) API v1 for commit statuses: <c>POST /repos/{owner}/{repo}/statuses/{sha}</c>,
/// <c>Authorization: token ...</c>; state pending, success, error, failure or warning; 422 otherwise.
/// </summary>
public sealed class FakeGiteaStatusApi(string repository, string token) : FakeForgeStatusApi(repository, token)
{
    private static readonly string[] States = ["pending", "success", "error", "failure", "warning"];

    public static async Task<FakeGiteaStatusApi> StartAsync(string repository = "data-team/images", string token = "fakeGiteaToken0123456789")
    {
        var api = new FakeGiteaStatusApi(repository, token);
        await api.ListenAsync();
        return api;
    }

    protected override string Prefix => "/api/v1";

    protected override Regex StatusPath => new($"^/repos/{Regex.Escape(Repository)}/statuses/(?<sha>[0-9a-f]{{40}})$");

    protected override int InvalidStatusCode => 422;

    protected override string? CheckToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() == $"token {Token}" ? null : "user does not exist [uid: 0, name: ]";

    protected override RecordedStatus ReadBody(string commit, JsonElement body, List<string> problems)
    {
        var state = StringField(body, "state", problems);
        if (state is null || !States.Contains(state))
        {
            problems.Add($"state '{state}' is not one of {string.Join(", ", States)}");
        }

        var targetUrl = StringField(body, "target_url", problems);
        CheckTargetUrl(targetUrl, problems);
        var description = StringField(body, "description", problems);
        var context = StringField(body, "context", problems) ?? "default";
        return new RecordedStatus("POST", "", commit, context, state ?? "", targetUrl, description, 0);
    }
}

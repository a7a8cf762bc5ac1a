using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// Gitea and Forgejo commit statuses: <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> with
/// <c>Authorization: token ...</c>; states pending, success, error, failure, warning (running is shown as pending).
/// </summary>
public sealed class GiteaStatusClient(HttpClient http, IOptions<CommitStatusOptions> options) : ForgeStatusClient(http, options)
{
    public override CommitStatusProvider Provider => CommitStatusProvider.Gitea;

    protected override HttpRequestMessage Request(CommitStatus status)
    {
        var request = RepositoryStatusRequest(status);
        request.Headers.Authorization = new("token", Options.Token);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}

using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// GitHub (and GitHub Enterprise) commit statuses: <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> with a
/// bearer token; states error, failure, pending, success (running is shown as pending).
/// </summary>
public sealed class GitHubStatusClient(HttpClient http, IOptions<CommitStatusOptions> options) : ForgeStatusClient(http, options)
{
    public const string ApiVersion = "2022-11-28";

    public override CommitStatusProvider Provider => CommitStatusProvider.GitHub;

    protected override HttpRequestMessage Request(CommitStatus status)
    {
        var request = RepositoryStatusRequest(status);
        request.Headers.Authorization = new("Bearer", Options.Token);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        return request;
    }
}

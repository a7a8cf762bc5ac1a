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
        var request = Post($"repos/{OwnerAndName()}/statuses/{status.Commit}", new Body(
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
        request.Headers.Authorization = new("token", Options.Token);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private sealed record Body(string State, string? TargetUrl, string Description, string Context);
}

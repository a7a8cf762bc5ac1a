using System.Net;
using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// GitLab commit statuses: <c>POST /projects/:id/statuses/:sha</c> (the id, or the project's path escaped as one
/// segment) with a <c>PRIVATE-TOKEN</c> header; states pending, running, success, failed; the context is the <c>name</c>.
/// </summary>
public sealed class GitLabStatusClient(HttpClient http, IOptions<CommitStatusOptions> options) : ForgeStatusClient(http, options)
{
    public override CommitStatusProvider Provider => CommitStatusProvider.GitLab;

    protected override HttpRequestMessage Request(CommitStatus status)
    {
        var request = Post($"projects/{Uri.EscapeDataString(Options.Repository!.Trim())}/statuses/{status.Commit}", new Body(
            status.State switch
            {
                CommitState.Pending => "pending",
                CommitState.Running => "running",
                CommitState.Success => "success",
                _ => "failed",
            },
            status.Context,
            status.TargetUrl?.AbsoluteUri,
            status.Description));
        request.Headers.Add("PRIVATE-TOKEN", Options.Token);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    /// <summary>GitLab answers 400 "Cannot transition status via :enqueue from :pending" to a state the job has already.</summary>
    protected override bool AlreadyInThatState(HttpStatusCode code, string message) =>
        code == HttpStatusCode.BadRequest && message.StartsWith("Cannot transition status", StringComparison.Ordinal);

    private sealed record Body(string State, string Name, string? TargetUrl, string Description);
}

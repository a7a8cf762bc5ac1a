using System.Text.RegularExpressions;
using Platform.Builder.Logs;

namespace Platform.Builder.History;

public static partial class BuildLogStreamEndpoints
{
    /// <summary>
    /// <c>GET /api/builds/attempts/{attemptId}/log?image=&amp;commit=&amp;follow=true</c>: one attempt's log while it runs,
    /// as <c>text/event-stream</c> (an event <c>line</c> per line, then <c>end</c>); without <c>follow</c> the log as far as it is
    /// written, as text. The attempt, image and commit are those of <c>ImageBuildStarted</c>; finished builds name them too.
    /// </summary>
    public static IEndpointRouteBuilder MapBuildLogStream(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/builds/attempts/{attemptId:guid}/log", async (
            Guid attemptId, string image, string commit, bool? follow, BuildLogStore logs, BuildHistory history, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!NamesALog(image, commit))
            {
                return Results.BadRequest(new { error = "image must be an image name and commit a commit id (hex)" });
            }

            var path = logs.PathOf(image, commit, attemptId);
            if (follow == true)
            {
                return TypedResults.ServerSentEvents(new BuildLogFollower(history, time).FollowAsync(path, attemptId, cancellationToken));
            }

            if (!File.Exists(path))
            {
                return Results.NotFound(new { error = $"no log of attempt {attemptId} at {image}" });
            }

            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(file);
            return Results.Text(await reader.ReadToEndAsync(cancellationToken), "text/plain");
        });
        return endpoints;
    }

    /// <summary>Both name the log's file: only an image name and a commit id may, never a path of their own.</summary>
    public static bool NamesALog(string image, string commit) =>
        ImageName().IsMatch(image) && !image.Contains("..", StringComparison.Ordinal) && CommitId().IsMatch(commit);

    [GeneratedRegex("^[a-z0-9][a-z0-9._/-]{0,254}$")]
    private static partial Regex ImageName();

    [GeneratedRegex("^[0-9a-f]{7,64}$")]
    private static partial Regex CommitId();
}

using Microsoft.Extensions.Options;
using Platform.Builder.History;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// The build history row of an attempt, and the public link to its log. The coordinator records the answer
/// of an attempt as it hears it, at the same moment as the statuses do: the row is waited for a little.
/// </summary>
public sealed class BuildLinks(BuildHistory history, IOptions<BuilderOptions> options)
{
    public static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(5);

    public async Task<BuildRecord?> RecordOfAsync(string image, Guid? attemptId, CancellationToken cancellationToken)
    {
        if (attemptId is not { } attempt)
        {
            return null;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(RecordWait);
        try
        {
            while (true)
            {
                var builds = await history.ListAsync(image, 50, wait.Token);
                if (builds.FirstOrDefault(b => b.AttemptId == attempt) is { } record)
                {
                    return record;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), wait.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary><c>{Builder:PublicUrl}/api/builds/{id}/log</c>, or null without a public address or a recorded build.</summary>
    public Uri? LogOf(BuildRecord? record) =>
        record is null || string.IsNullOrWhiteSpace(options.Value.PublicUrl)
            ? null
            : new Uri($"{options.Value.PublicUrl.TrimEnd('/')}/api/builds/{record.Id}/log");
}

using Platform.Console.Apis;
using Platform.Console.Live;
using Platform.Contracts;

namespace Platform.Console.Views;

/// <summary>One image's build (an attempt, or a plan not started yet) as the Commits page shows it.</summary>
public sealed record BuildRow(
    string Image,
    string Commit,
    string Reason,
    string Outcome,
    int? Attempt,
    IReadOnlyList<PlatformImage> Platforms,
    DateTimeOffset At,
    TimeSpan? Duration,
    string? Digest,
    string? Stage,
    string? Error,
    long? Id,
    Guid? AttemptId,
    string? Instance)
{
    /// <summary>The build's log page: streamed while it runs, read whole once it ended.</summary>
    public string? LogLink => AttemptId is { } attempt
        ? $"/log?image={Uri.EscapeDataString(Image)}&commit={Commit}&attempt={attempt}{(Id is { } id ? $"&id={id}" : "")}"
        : Id is { } only ? $"/log?image={Uri.EscapeDataString(Image)}&commit={Commit}&id={only}" : null;

    public bool InFlight => Outcome is "Queued" or "Running";
}

/// <summary>One commit with every build it caused, newest attempt first per image.</summary>
public sealed record CommitGroup(string Commit, Guid CorrelationId, DateTimeOffset LatestAt, IReadOnlyList<BuildRow> Builds)
{
    public string Short => Commit[..Math.Min(12, Commit.Length)];
}

/// <summary>The builder's history grouped by commit, with what the bus says is in flight on top of it.</summary>
public static class CommitTimeline
{
    public static IReadOnlyList<CommitGroup> Build(IReadOnlyList<BuildDocument> history, IReadOnlyList<BuildInFlight> inFlight, DateTimeOffset now)
    {
        var recordedAttempts = history.Where(b => b.AttemptId is not null).Select(b => b.AttemptId!.Value).ToHashSet();
        var recordedBuilds = history.Select(b => (b.Image, b.Commit)).ToHashSet();
        var rows = history.Select(FromHistory).ToList();
        foreach (var build in inFlight)
        {
            var recorded = build.AttemptId is { } attempt
                ? recordedAttempts.Contains(attempt)
                : build.Finished && recordedBuilds.Contains((build.Image, build.Commit));
            if (!recorded)
            {
                rows.Add(FromBus(build, now));
            }
        }

        return [.. rows
            .GroupBy(r => r.Commit, StringComparer.Ordinal)
            .Select(g => new CommitGroup(
                g.Key,
                history.FirstOrDefault(b => b.Commit == g.Key)?.CorrelationId ?? inFlight.First(b => b.Commit == g.Key).CorrelationId,
                g.Max(r => r.At),
                [.. g.OrderBy(r => r.Image, StringComparer.Ordinal).ThenByDescending(r => r.InFlight).ThenByDescending(r => r.At)]))
            .OrderByDescending(g => g.LatestAt)];
    }

    private static BuildRow FromHistory(BuildDocument build) => new(
        build.Image, build.Commit, build.Reason, build.Outcome, build.Attempt, build.Platforms ?? [], build.StartedAt,
        TimeSpan.FromSeconds(build.DurationSeconds), build.Digest, build.Stage, build.Error, build.Id, build.AttemptId, build.BuiltBy);

    private static BuildRow FromBus(BuildInFlight build, DateTimeOffset now) => new(
        build.Image,
        build.Commit,
        build.Reasons.Count > 0 ? string.Join("; ", build.Reasons) : "",
        build.State switch
        {
            BuildState.Pushed => "Succeeded",
            BuildState.Failed => "Failed",
            var state => state.ToString(),
        },
        null,
        build.Platforms,
        build.StartedAt ?? build.At,
        build.StartedAt is { } started ? (build.FinishedAt ?? now) - started : null,
        build.Digest,
        build.Stage,
        build.Error,
        null,
        build.AttemptId,
        build.Instance);
}

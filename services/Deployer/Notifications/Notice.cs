namespace Platform.Deployer.Notifications;

/// <summary>What a notification says, before it is shaped for a receiver.</summary>
/// <param name="Environment">The environment it is about (for a build failure, the environment of the deployer that tells it).</param>
/// <param name="Subject">The deployment or image it is about.</param>
/// <param name="Facts">Short name and value pairs (digest, commit, reason), in order.</param>
/// <param name="LogTail">The last log lines that explain a failure, oldest first.</param>
/// <param name="Link">Where to read more (a build's log), if known.</param>
/// <param name="Event">The bus event it was made from, sent as it is to generic webhooks.</param>
public sealed record Notice(
    NoticeKind Kind,
    string Environment,
    string Subject,
    string Title,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    IReadOnlyList<string> LogTail,
    string? Link,
    DateTimeOffset OccurredAt,
    object Event)
{
    /// <summary>Earlier failures of the same thing that were not sent (collapsed), and since when.</summary>
    public int Collapsed { get; init; }

    public DateTimeOffset? CollapsedSince { get; init; }

    /// <summary>What makes two failures "the same thing" for collapsing; null for a notice that is never collapsed.</summary>
    public string? CollapseKey => Kind switch
    {
        NoticeKind.BuildFailed => $"build-failed/{Subject}",
        NoticeKind.RolledBack or NoticeKind.JobFailed => $"{NoticeKinds.Name(Kind)}/{Environment}/{Subject}",
        _ => null,
    };
}

public enum NoticeKind
{
    BuildFailed,
    RolledBack,
    JobFailed,
    AwaitingApproval,
    Promoted,
}

/// <summary>The names of the kinds in settings and payloads: <c>build-failed</c>, <c>rolled-back</c>, <c>job-failed</c>, <c>awaiting-approval</c>, <c>promoted</c>.</summary>
public static class NoticeKinds
{
    private static readonly Dictionary<string, NoticeKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["build-failed"] = NoticeKind.BuildFailed,
        ["rolled-back"] = NoticeKind.RolledBack,
        ["job-failed"] = NoticeKind.JobFailed,
        ["awaiting-approval"] = NoticeKind.AwaitingApproval,
        ["promoted"] = NoticeKind.Promoted,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string name, out NoticeKind kind) => ByName.TryGetValue(name, out kind);

    public static string Name(NoticeKind kind) => ByName.First(p => p.Value == kind).Key;
}

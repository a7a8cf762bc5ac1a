using Platform.Contracts;

namespace Platform.Deployer.Notifications;

/// <summary>The notices of the bus events worth telling the team about.</summary>
public static class Notices
{
    /// <summary>So many log lines go into a message; the rest is in the deployer's history or the builder's log.</summary>
    public const int LogLines = 20;

    public static Notice BuildFailed(ImageBuildFailed failed, string environment, string? logLink) => new(
        NoticeKind.BuildFailed, environment, failed.Image, $"Build failed: {failed.Image}",
        Facts(("Commit", Short(failed.Commit)), ("Stage", failed.Stage.ToName()), ("Platform", failed.Platform), ("Error", failed.Error)),
        Tail(failed.LogTail), Link(logLink, failed), failed.FailedAt, failed);

    public static Notice RolledBack(DeploymentRolledBack rolledBack, string environment) => new(
        NoticeKind.RolledBack, environment, rolledBack.Service, $"Rolled back: {rolledBack.Service} in {environment}",
        Facts(("Failed digest", Short(rolledBack.FailedDigest)), ("Serving again", Short(rolledBack.RestoredDigest)),
            ("Commit", Short(rolledBack.Commit)), ("Reason", rolledBack.Reason)),
        Tail(rolledBack.LogTail), null, rolledBack.RolledBackAt, rolledBack);

    public static Notice JobFailed(JobRunFailed failed, string environment) => new(
        NoticeKind.JobFailed, environment, failed.Job, $"Job run failed: {failed.Job} in {environment}",
        Facts(("Digest", Short(failed.Digest)), ("Commit", Short(failed.Commit)), ("Exit code", failed.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Reason", failed.Reason), ("Scheduled at", failed.ScheduledAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))),
        Tail(failed.LogTail), null, failed.FinishedAt, failed);

    public static Notice AwaitingApproval(PromotionAwaitingApproval waiting) => new(
        NoticeKind.AwaitingApproval, waiting.Environment, waiting.Deployment, $"Promotion waiting for approval: {waiting.Deployment} to {waiting.Environment}",
        Facts(("Digest", Short(waiting.Digest)), ("Commit", Short(waiting.Commit)), ("Qualified in", waiting.SourceEnvironment),
            ("Approve with", $"platform promote {waiting.Deployment} --to {waiting.Environment} --digest {waiting.Digest}")),
        [], null, waiting.QualifiedAt, waiting);

    public static Notice Promoted(DigestPromoted promoted) => new(
        NoticeKind.Promoted, promoted.Environment, promoted.Deployment, $"Promoted: {promoted.Deployment} to {promoted.Environment}",
        Facts(("Digest", Short(promoted.Digest)), ("Commit", Short(promoted.Commit)), ("From", promoted.SourceEnvironment),
            ("Replaced", Short(promoted.PreviousDigest)), ("Requested by", promoted.RequestedBy)),
        [], null, promoted.PromotedAt, promoted);

    /// <summary><c>sha256:0123456789ab</c>, or a commit's first 12 characters.</summary>
    private static string? Short(string? id) => id switch
    {
        null or "" => null,
        _ when id.StartsWith("sha256:", StringComparison.Ordinal) => id[..Math.Min(id.Length, 19)],
        _ => id[..Math.Min(id.Length, 12)],
    };

    private static KeyValuePair<string, string>[] Facts(params (string Name, string? Value)[] facts) =>
        [.. facts.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => KeyValuePair.Create(f.Name, f.Value!))];

    private static string[] Tail(IReadOnlyList<string> lines) => [.. lines.Skip(Math.Max(0, lines.Count - LogLines))];

    private static string? Link(string? template, ImageBuildFailed failed) => template is { Length: > 0 }
        ? template.Replace("{image}", Uri.EscapeDataString(failed.Image), StringComparison.Ordinal)
            .Replace("{commit}", Uri.EscapeDataString(failed.Commit), StringComparison.Ordinal)
            .Replace("{attempt}", failed.AttemptId?.ToString() ?? "", StringComparison.Ordinal)
        : null;
}

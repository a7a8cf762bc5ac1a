namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// One image's state on one commit as a forge shows it, in no provider's words: each client maps the
/// state to its own (GitHub has no <c>running</c>, GitLab says <c>failed</c>) and the context to its field.
/// </summary>
/// <param name="Commit">The full commit id.</param>
/// <param name="Context">What the status is about: <c>platform/&lt;image&gt;</c>, or <c>platform</c> for the whole commit.</param>
/// <param name="Description">One short line (see <see cref="CommitStatusText"/>); at most <see cref="MaxDescription"/> characters.</param>
/// <param name="TargetUrl">The build log, when the builder has a public address and the build has a log.</param>
public sealed record CommitStatus(string Commit, string Context, CommitState State, string Description, Uri? TargetUrl = null)
{
    /// <summary>GitHub's limit for a description, the shortest of the three providers'.</summary>
    public const int MaxDescription = 140;

    public const string ContextPrefix = "platform";

    public static string ContextOf(string image) => $"{ContextPrefix}/{image}";

    public bool IsFinal => State is CommitState.Success or CommitState.Failure or CommitState.Error;
}

public enum CommitState
{
    /// <summary>Planned, waiting for a builder instance.</summary>
    Pending,

    /// <summary>A builder instance is building it (GitLab shows it; GitHub and Gitea show pending).</summary>
    Running,

    Success,

    /// <summary>The image failed: its Dockerfile, its tests, its base, its push.</summary>
    Failure,

    /// <summary>Platform could not finish it (no builder instance answered).</summary>
    Error,
}

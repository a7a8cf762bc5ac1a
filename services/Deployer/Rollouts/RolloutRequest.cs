using Platform.Contracts;
using Platform.Deployer.Ledger;

namespace Platform.Deployer.Rollouts;

/// <summary>
/// One rollout to ask of <see cref="ServiceRollout"/>: a digest announced for a followed tag, a promotion or a rollback on
/// command. <see cref="Cause"/> says what the ledger writes about it.
/// </summary>
/// <param name="Registry">The registry to pull from when the deployment's image names none (Platform's own).</param>
/// <param name="Tag">The tag it was announced under; null for a promotion or rollback.</param>
public sealed record RolloutRequest(string Digest, string Registry, string? Commit, Guid CorrelationId, string? Tag)
{
    public RolloutCause Cause { get; init; } = RolloutCause.Announcement;

    public static RolloutRequest From(ImageDigestChanged change) =>
        new(change.Digest, change.Registry, change.Commit, change.CorrelationId, change.Tag);
}

/// <summary>Why a rollout happens, as the ledger keeps it: how the digest it replaces ends, and which command (if any) asked for it.</summary>
/// <param name="EndPrevious">How the stint of the digest it replaces ends: replaced, or rolled back on command.</param>
/// <param name="EndDetail">What the ledger says of that end; null says "replaced by &lt;digest&gt;".</param>
public sealed record RolloutCause(StintEnd EndPrevious, string? EndDetail, string? PromotedFrom, long? SourceStint, string? CommandKey)
{
    public static RolloutCause Announcement { get; } = new(StintEnd.Replaced, null, null, null, null);
}

/// <summary>How a rollout ended: <see cref="DeploymentOutcome.Succeeded"/>, failed or rolled back (with the reason), superseded; null outcome when there was nothing to do.</summary>
public sealed record RolloutResult(DeploymentOutcome? Outcome, string? Error, string? PreviousDigest)
{
    public static RolloutResult NothingToDo(string? running) => new(null, null, running);
}

namespace Platform.Console.Apis;

/// <summary>
/// A deployment's <c>state</c> in the deployer's <c>GET /api/environment</c> (with its ledger): what runs since when and, for a
/// promoted deployment, which digest waits for promotion, why, and until when (docs/promotion.md). Null from a deployer without it.
/// </summary>
public sealed record DeploymentStateDocument(RunsDocument? Runs, PromoteDocument? Promote, PromotionDocument? Promotion, string? Summary);

public sealed record RunsDocument(string Digest, string? Commit, string? Tag, DateTimeOffset Since, long Stint, string? PromotedFrom, int RunsSucceeded, int RunsFailed);

/// <summary>The deployment's <c>promote:</c> settings: from which environment, after how long, with which approval, after how many good runs.</summary>
public sealed record PromoteDocument(string From, string After, string Approval, int Runs);

/// <param name="State"><c>up-to-date</c>, <c>waiting</c>, <c>promoting</c>, <c>awaiting-approval</c> or <c>unavailable</c>.</param>
public sealed record PromotionDocument(
    string State, WaitingDocument? Waiting, QualifiedDocument? Qualified, bool AwaitsApproval, IReadOnlyList<BlockedDocument>? Blocked, string? Error)
{
    /// <summary>Something waits: a digest soaks in the source, or qualified and awaits approval or is being promoted.</summary>
    public bool Pending => State is "waiting" or "awaiting-approval" or "promoting";
}

/// <param name="Verdict"><c>soaking</c>, <c>needsruns</c>, <c>qualified</c>, <c>disqualified</c> or <c>blocked</c>.</param>
public sealed record WaitingDocument(string Digest, string? Commit, long SourceStint, DateTimeOffset RunsInSourceSince, string Verdict, string? Reason, DateTimeOffset? QualifiesAt);

public sealed record QualifiedDocument(string Digest, string? Commit, long SourceStint);

public sealed record BlockedDocument(string Digest, DateTimeOffset At, string Reason);

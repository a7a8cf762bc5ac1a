using Platform.Deployer.Ledger;

namespace Platform.Deployer.Promotions;

/// <summary>
/// Where a promoted deployment stands: what runs, the newest source digest that does not run here and why it does not
/// (yet), the digest to promote now (or that awaits approval), and the digests this environment will not take again.
/// </summary>
/// <param name="Promote">The source stint that qualified and is not running here: promoted at once with <c>approval: auto</c>, else it awaits approval.</param>
public sealed record PromotionStatus(
    Stint? Running,
    Candidate? Waiting,
    Stint? Promote,
    bool AwaitsApproval,
    IReadOnlyList<BlockedDigest> Blocked,
    string Summary);

/// <summary>A digest of the source environment with its verdict; <paramref name="BlockedBecause"/> says why this environment will not take it.</summary>
public sealed record Candidate(Stint Source, Qualification Qualification, string? BlockedBecause);

/// <summary>A digest that failed or was rolled back in this environment: it is not promoted here again.</summary>
public sealed record BlockedDigest(string Digest, DateTimeOffset At, string Reason);

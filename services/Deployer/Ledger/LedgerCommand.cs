namespace Platform.Deployer.Ledger;

/// <summary>A promotion or rollback command this environment's deployer accepted, under its idempotency key.</summary>
/// <param name="Digest">The digest it puts in place.</param>
/// <param name="FromDigest">For a rollback, the digest it rolls back.</param>
/// <param name="Outcome">What came of it, once it ran.</param>
public sealed record LedgerCommand(
    string Key,
    CommandKind Kind,
    string Deployment,
    string Digest,
    string? FromDigest,
    string? SourceEnvironment,
    long? SourceStint,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    Guid CorrelationId,
    CommandState State,
    string? Outcome,
    DateTimeOffset? DoneAt);

public enum CommandKind
{
    Promote,
    Rollback,
}

public enum CommandState
{
    /// <summary>Accepted and sent on the bus; not carried out yet (or its deployer stopped while carrying it out: the message comes again).</summary>
    Accepted,

    /// <summary>Carried out: the digest runs (a job's next run uses it).</summary>
    Done,

    /// <summary>Carried out and failed: the rollout did not get healthy; the ledger has the failed stint.</summary>
    Failed,
}

namespace Platform.Console.Apis;

/// <summary>One stretch during which a digest ran as a deployment, as the deployer's ledger (<c>GET /api/ledger</c>) writes it.</summary>
/// <param name="EndReason"><c>Replaced</c>, <c>FailedRollout</c>, <c>RolledBack</c>, or null while it runs.</param>
public sealed record StintDocument(
    long Id, string Deployment, string Digest, string? Commit, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndReason, string? PromotedFrom)
{
    public bool IsRunning => EndedAt is null;
}

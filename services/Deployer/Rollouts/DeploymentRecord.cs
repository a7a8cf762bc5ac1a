namespace Platform.Deployer.Rollouts;

/// <summary>One rollout of one service to one digest, as the history keeps it.</summary>
public sealed record DeploymentRecord(
    string Service,
    string Digest,
    string? Commit,
    Guid CorrelationId,
    DeploymentOutcome Outcome,
    string? ContainerId,
    string? Endpoint,
    string? Error,
    DateTimeOffset At)
{
    public long Id { get; init; }
}

public enum DeploymentOutcome
{
    Succeeded,
    Failed,
}

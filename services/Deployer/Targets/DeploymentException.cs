namespace Platform.Deployer.Targets;

/// <summary>
/// A rollout failed; the message names the deployment. Carries the new container's last log lines, and
/// the digest that serves again when a previous version kept or got back its place (a rollback).
/// </summary>
public sealed class DeploymentException(string message, IReadOnlyList<string> logTail, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<string> LogTail { get; } = logTail;

    /// <summary>The previous version's digest when it serves again after the new version was started and abandoned.</summary>
    public string? RestoredDigest { get; init; }

    public DeploymentException WithRestored(string? digest) =>
        new(Message, LogTail, InnerException) { RestoredDigest = digest };
}

namespace Platform.Deployer.Targets;

/// <summary>A rollout failed; the previous container keeps running. Carries the new container's last log lines.</summary>
public sealed class DeploymentException(string message, IReadOnlyList<string> logTail, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<string> LogTail { get; } = logTail;
}

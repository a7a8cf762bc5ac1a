namespace Platform.Deployer.Rollouts;

/// <summary>
/// What a rollback of a service goes back to: the digest that served before the one serving now (the newest succeeded
/// rollout), as <c>kubectl rollout undo</c> does; a second rollback goes forward again.
/// </summary>
public sealed record RollbackTarget(DeploymentRecord Serving, DeploymentRecord Previous)
{
    /// <param name="newestFirst">The service's rollouts, newest first, as the history lists them.</param>
    /// <returns>The target, or why there is none.</returns>
    public static (RollbackTarget? Target, string? Why) Choose(string service, IReadOnlyList<DeploymentRecord> newestFirst)
    {
        var succeeded = newestFirst.Where(r => r.Outcome == DeploymentOutcome.Succeeded).ToList();
        if (succeeded.Count == 0)
        {
            return (null, $"{service} has never been rolled out successfully: there is nothing to go back to");
        }

        var serving = succeeded[0];
        var previous = succeeded.Skip(1).FirstOrDefault(r => r.Digest != serving.Digest);
        return previous is null
            ? (null, $"{service} has served only {serving.Digest}: there is no earlier digest to go back to")
            : (new RollbackTarget(serving, previous), null);
    }
}

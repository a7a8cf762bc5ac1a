namespace Platform.Deployer.Specs;

/// <summary>
/// <c>promote: { from: beta, after: 72h, approval: auto, runs: 3 }</c>: the deployment runs what qualified in another
/// environment instead of following a tag. A digest qualifies when it ran there for <see cref="After"/> without a
/// rollback, a failed health check or (for a job) a failed run, and, for a job, with at least <see cref="MinRuns"/>
/// successful runs.
/// </summary>
/// <param name="From">The source environment (its deployer keeps the ledger of what ran there).</param>
/// <param name="After">The soak time in the source environment.</param>
/// <param name="MinRuns">Successful runs a job's digest needs in the source environment; 0 for a service.</param>
/// <param name="Line">The line of <c>promote:</c> in the environment file, for the messages that concern it.</param>
public sealed record Promotion(string From, TimeSpan After, ApprovalMode Approval, int MinRuns, int? Line);

public enum ApprovalMode
{
    /// <summary>A digest that qualifies is promoted at once.</summary>
    Auto,

    /// <summary>A digest that qualifies waits for <c>platform promote</c>.</summary>
    Required,
}

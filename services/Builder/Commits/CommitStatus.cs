namespace Platform.Builder.Commits;

/// <summary>Where the commit poller is: the followed revision, the last commit it finished a cycle for, and when.</summary>
public sealed class CommitStatus
{
    private readonly object gate = new();
    private Snapshot current = new(null, null, null, null, null);

    public Snapshot Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    public void Completed(string commit, int failures, DateTimeOffset at, DateTimeOffset? retryAt)
    {
        lock (gate)
        {
            current = new Snapshot(commit, at, failures, retryAt, null);
        }
    }

    public void Failed(string error, DateTimeOffset at)
    {
        lock (gate)
        {
            current = current with { LastError = error, LastCycleAt = at };
        }
    }

    /// <param name="LastCommit">The commit of the last finished cycle.</param>
    /// <param name="FailedBuilds">Builds that failed in that cycle; they are retried at <paramref name="RetryAt"/>.</param>
    public sealed record Snapshot(string? LastCommit, DateTimeOffset? LastCycleAt, int? FailedBuilds, DateTimeOffset? RetryAt, string? LastError);
}

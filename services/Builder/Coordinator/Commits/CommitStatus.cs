namespace Platform.Builder.Coordinator.Commits;

/// <summary>Where the commit poller is: the followed revision, the last commit it finished a cycle for, and when.</summary>
public sealed class CommitStatus
{
    private readonly object gate = new();
    private Snapshot current = new(null, null, null, null, null);
    private readonly Dictionary<string, RevisionSnapshot> revisions = new(StringComparer.Ordinal);

    public Snapshot Current
    {
        get
        {
            lock (gate)
            {
                return current with { Revisions = [.. revisions.Values] };
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

    /// <summary>Where a followed revision is (<c>Catalog:Ref</c> or one of <c>Builder:Refs</c>): null ref and commit while it names nothing.</summary>
    public void Revision(string followed, string? reference, string? commit, int? failures)
    {
        lock (gate)
        {
            revisions[followed] = new RevisionSnapshot(followed, reference, commit, failures);
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
    public sealed record Snapshot(string? LastCommit, DateTimeOffset? LastCycleAt, int? FailedBuilds, DateTimeOffset? RetryAt, string? LastError)
    {
        /// <summary>Every followed revision: what it names now and the failures of its last cycle.</summary>
        public IReadOnlyList<RevisionSnapshot> Revisions { get; init; } = [];
    }

    /// <param name="Followed">As configured: <c>HEAD</c>, <c>main</c>, <c>v*</c>.</param>
    /// <param name="Ref">The full ref it names (<c>refs/tags/v1.4.0</c>); null while it names nothing.</param>
    public sealed record RevisionSnapshot(string Followed, string? Ref, string? Commit, int? FailedBuilds);
}

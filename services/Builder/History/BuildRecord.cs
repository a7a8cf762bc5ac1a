namespace Platform.Builder.History;

/// <summary>One build of one image at one commit, as the history keeps it.</summary>
public sealed record BuildRecord(
    string Image,
    string Commit,
    Guid CorrelationId,
    BuildOutcome Outcome,
    string Reason,
    string? Digest,
    string? Stage,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    public long Id { get; init; }

    public double DurationSeconds => Math.Round((FinishedAt - StartedAt).TotalSeconds, 3);
}

public enum BuildOutcome
{
    Succeeded,
    Failed,
}

using Platform.Catalog.Index;

namespace Platform.Builder.Leases;

/// <summary>
/// Who holds one build key (image, commit, inputs, pinned bases) and how far it got. The coordinator
/// writes it before it sends the command and as the attempts report, so that neither a re-plan nor a
/// redelivered command builds the key a second time.
/// </summary>
/// <param name="Attempt">The attempts started so far; the one running when <see cref="State"/> is running.</param>
public sealed record BuildLease(
    string BuildKey,
    string Image,
    string Commit,
    Guid CorrelationId,
    string Reason,
    LeaseState State,
    int Attempt,
    Guid? AttemptId,
    string? Instance,
    DateTimeOffset SentAt,
    DateTimeOffset? StartedAt)
{
    /// <summary>The inputs to record with a success, as planned.</summary>
    public ImageInputs? Inputs { get; init; }

    /// <summary>The digest of each catalogue base the command pinned.</summary>
    public IReadOnlyDictionary<string, string> BaseDigests { get; init; } = new Dictionary<string, string>();
}

public enum LeaseState
{
    /// <summary>Written before the command is published: a coordinator that stops here may not have sent it.</summary>
    Sending,

    /// <summary>The command is on the queue (or with an instance that has not reported its start yet).</summary>
    Queued,

    /// <summary>An instance reported the start of attempt <see cref="BuildLease.Attempt"/>.</summary>
    Running,

    /// <summary>An answer came back (pushed or failed); the history has it.</summary>
    Done,
}

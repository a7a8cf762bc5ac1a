namespace Platform.Deployer.Promotions;

/// <summary>What the deployer answers to a promotion or rollback command (and the HTTP status it answers with).</summary>
public sealed record CommandAnswer(CommandStatus Status, string Message, string? Key = null, string? Digest = null)
{
    public int HttpStatus => Status switch
    {
        CommandStatus.Accepted => StatusCodes.Status202Accepted,
        CommandStatus.NothingToDo => StatusCodes.Status200OK,
        CommandStatus.Unknown => StatusCodes.Status404NotFound,
        CommandStatus.Refused => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}

public enum CommandStatus
{
    /// <summary>Sent on the bus; the deployer carries it out (follow it in the ledger).</summary>
    Accepted,

    /// <summary>The same command was accepted before, or what it asks is already so.</summary>
    NothingToDo,

    /// <summary>No such deployment in this environment.</summary>
    Unknown,

    /// <summary>Not allowed: the digest does not qualify, was rolled back here, never ran; the deployment is not promoted.</summary>
    Refused,

    /// <summary>The source environment's deployer or the broker could not be reached: nothing was done; try again.</summary>
    Unavailable,
}

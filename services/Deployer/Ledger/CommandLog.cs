namespace Platform.Deployer.Ledger;

/// <summary>
/// The promotion and rollback commands of this environment by idempotency key (<c>ledger.db</c>, table <c>commands</c>):
/// a key is accepted once; a second command with the same key finds the first and does nothing.
/// </summary>
public sealed class CommandLog(LedgerDatabase ledger)
{
    private const string Select =
        "SELECT key, kind, deployment, digest, from_digest, source_environment, source_stint, requested_by, requested_at, correlation_id, state, outcome, done_at FROM commands";

    private const string Accepted = nameof(CommandState.Accepted);

    /// <summary>Writes the command if its key is new; returns whether it was, and the command the key stands for.</summary>
    public async Task<(bool Accepted, LedgerCommand Command)> TryAcceptAsync(LedgerCommand command, CancellationToken cancellationToken)
    {
        var accepted = await ledger.Database.ExecuteAsync(
            """
            INSERT INTO commands (key, kind, deployment, digest, from_digest, source_environment, source_stint, requested_by, requested_at, correlation_id, state)
            VALUES (@Key, @Kind, @Deployment, @Digest, @FromDigest, @SourceEnvironment, @SourceStint, @RequestedBy, @RequestedAt, @CorrelationId, @State)
            ON CONFLICT (key) DO NOTHING;
            """,
            new
            {
                command.Key, Kind = command.Kind.ToString(), command.Deployment, command.Digest, command.FromDigest, command.SourceEnvironment, command.SourceStint,
                command.RequestedBy, command.RequestedAt, command.CorrelationId, State = Accepted,
            },
            cancellationToken) == 1;
        return (accepted, (await GetAsync(command.Key, cancellationToken))!);
    }

    /// <summary>Marks a command carried out (or failed) with what came of it; only the first completion counts.</summary>
    public async Task<bool> CompleteAsync(string key, CommandState state, string outcome, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ledger.Database.ExecuteAsync(
            "UPDATE commands SET state = @state, outcome = @outcome, done_at = @at WHERE key = @key AND state = @Accepted;",
            new { key, state = state.ToString(), outcome, at, Accepted }, cancellationToken) == 1;

    /// <summary>Removes a command that could not be sent, so that the next identical command is accepted.</summary>
    public Task ForgetAsync(string key, CancellationToken cancellationToken) =>
        ledger.Database.ExecuteAsync("DELETE FROM commands WHERE key = @key AND state = @Accepted;", new { key, Accepted }, cancellationToken);

    /// <summary>Commands accepted and not carried out yet, oldest first: at start, those an earlier process did not finish.</summary>
    public Task<IReadOnlyList<LedgerCommand>> PendingAsync(CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE state = @Accepted ORDER BY requested_at;", new { Accepted }, cancellationToken);

    public async Task<LedgerCommand?> GetAsync(string key, CancellationToken cancellationToken) =>
        (await QueryAsync($"{Select} WHERE key = @key;", new { key }, cancellationToken)).SingleOrDefault();

    /// <summary>The newest commands first, of one deployment or of all.</summary>
    public Task<IReadOnlyList<LedgerCommand>> ListAsync(string? deployment, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE @deployment IS NULL OR deployment = @deployment ORDER BY requested_at DESC LIMIT @limit;", new { deployment, limit }, cancellationToken);

    private async Task<IReadOnlyList<LedgerCommand>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        [.. (await ledger.Database.QueryAsync<CommandRow>(sql, parameters, cancellationToken)).Select(row => row.ToCommand())];

    private sealed class CommandRow
    {
        public string Key { get; init; } = "";
        public CommandKind Kind { get; init; }
        public string Deployment { get; init; } = "";
        public string Digest { get; init; } = "";
        public string? FromDigest { get; init; }
        public string? SourceEnvironment { get; init; }
        public long? SourceStint { get; init; }
        public string RequestedBy { get; init; } = "";
        public DateTimeOffset RequestedAt { get; init; }
        public Guid CorrelationId { get; init; }
        public CommandState State { get; init; }
        public string? Outcome { get; init; }
        public DateTimeOffset? DoneAt { get; init; }

        public LedgerCommand ToCommand() =>
            new(Key, Kind, Deployment, Digest, FromDigest, SourceEnvironment, SourceStint, RequestedBy, RequestedAt, CorrelationId, State, Outcome, DoneAt);
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Platform.Deployer.Ledger;

/// <summary>
/// The promotion and rollback commands of this environment by idempotency key (<c>ledger.db</c>, table <c>commands</c>):
/// a key is accepted once; a second command with the same key finds the first and does nothing.
/// </summary>
public sealed class CommandLog(LedgerDatabase ledger)
{
    private const string Columns = "key, kind, deployment, digest, from_digest, source_environment, source_stint, requested_by, requested_at, correlation_id, state, outcome, done_at";

    /// <summary>Writes the command if its key is new; returns whether it was, and the command the key stands for.</summary>
    public async Task<(bool Accepted, LedgerCommand Command)> TryAcceptAsync(LedgerCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO commands ({Columns})
            VALUES ($key, $kind, $deployment, $digest, $from, $source, $stint, $by, $at, $correlation, $state, NULL, NULL)
            ON CONFLICT (key) DO NOTHING;
            """;
        insert.Parameters.AddWithValue("$key", command.Key);
        insert.Parameters.AddWithValue("$kind", command.Kind.ToString());
        insert.Parameters.AddWithValue("$deployment", command.Deployment);
        insert.Parameters.AddWithValue("$digest", command.Digest);
        insert.Parameters.AddWithValue("$from", (object?)command.FromDigest ?? DBNull.Value);
        insert.Parameters.AddWithValue("$source", (object?)command.SourceEnvironment ?? DBNull.Value);
        insert.Parameters.AddWithValue("$stint", (object?)command.SourceStint ?? DBNull.Value);
        insert.Parameters.AddWithValue("$by", command.RequestedBy);
        insert.Parameters.AddWithValue("$at", command.RequestedAt.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$correlation", command.CorrelationId.ToString());
        insert.Parameters.AddWithValue("$state", nameof(CommandState.Accepted));
        var accepted = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        return (accepted, (await GetAsync(command.Key, cancellationToken))!);
    }

    /// <summary>Marks a command carried out (or failed) with what came of it; only the first completion counts.</summary>
    public async Task<bool> CompleteAsync(string key, CommandState state, string outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE commands SET state = $state, outcome = $outcome, done_at = $at WHERE key = $key AND state = $accepted;";
        update.Parameters.AddWithValue("$key", key);
        update.Parameters.AddWithValue("$state", state.ToString());
        update.Parameters.AddWithValue("$outcome", outcome);
        update.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
        update.Parameters.AddWithValue("$accepted", nameof(CommandState.Accepted));
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Removes a command that could not be sent, so that the next identical command is accepted.</summary>
    public async Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM commands WHERE key = $key AND state = $accepted;";
        delete.Parameters.AddWithValue("$key", key);
        delete.Parameters.AddWithValue("$accepted", nameof(CommandState.Accepted));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Commands accepted and not carried out yet, oldest first: at start, those an earlier process did not finish.</summary>
    public Task<IReadOnlyList<LedgerCommand>> PendingAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM commands WHERE state = $accepted ORDER BY requested_at;",
            c => c.Parameters.AddWithValue("$accepted", nameof(CommandState.Accepted)), cancellationToken);

    public async Task<LedgerCommand?> GetAsync(string key, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM commands WHERE key = $key;", c => c.Parameters.AddWithValue("$key", key), cancellationToken)).SingleOrDefault();

    /// <summary>The newest commands first, of one deployment or of all.</summary>
    public Task<IReadOnlyList<LedgerCommand>> ListAsync(string? deployment, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM commands WHERE $deployment IS NULL OR deployment = $deployment ORDER BY requested_at DESC LIMIT $limit;",
            command =>
            {
                command.Parameters.AddWithValue("$deployment", (object?)deployment ?? DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
            }, cancellationToken);

    private async Task<IReadOnlyList<LedgerCommand>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<LedgerCommand>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LedgerCommand(
                reader.GetString(0),
                Enum.Parse<CommandKind>(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.GetString(7),
                DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture),
                Guid.Parse(reader.GetString(9)),
                Enum.Parse<CommandState>(reader.GetString(10)),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : DateTimeOffset.Parse(reader.GetString(12), CultureInfo.InvariantCulture)));
        }

        return result;
    }
}

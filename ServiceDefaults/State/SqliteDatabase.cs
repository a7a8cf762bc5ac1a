using Dapper;
using Microsoft.Data.Sqlite;

namespace Platform.ServiceDefaults.State;

/// <summary>
/// A service's state in one SQLite file: created with its schema on first use, in WAL mode so that
/// readers (the HTTP API) never wait for the writer. Migrations run in order on a file made by an
/// earlier version; <c>PRAGMA user_version</c> remembers how many have run. Statements run through Dapper
/// (see <see cref="SqliteTypes"/> for how times and ids are stored): parameters are the properties of an
/// object, rows are read into classes whose properties are named after the columns.
/// </summary>
public sealed class SqliteDatabase(string path, string schema, params string[] migrations)
{
    static SqliteDatabase() => SqliteTypes.Register();

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = System.IO.Path.GetFullPath(path),
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private bool ready;

    public string FilePath { get; } = System.IO.Path.GetFullPath(path);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!ready)
        {
            await InitializeAsync(cancellationToken);
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Every row of a query, read into <typeparamref name="T"/>.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await connection.QueryAsync<T>(Command(sql, parameters, cancellationToken))).AsList();
    }

    /// <summary>The first row of a query, or null when it has none.</summary>
    public async Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));
    }

    /// <summary>Runs a statement; the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(Command(sql, parameters, cancellationToken));
    }

    /// <summary>The first column of the first row (for example what <c>RETURNING</c> gives), or default when there is none.</summary>
    public async Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken));
    }

    private static CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, cancellationToken: cancellationToken);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (ready)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;\n" + schema;
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            for (var next = version; next < migrations.Length; next++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                command.Transaction = (SqliteTransaction)transaction;
                command.CommandText = $"{migrations[next]};\nPRAGMA user_version = {next + 1};";
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                command.Transaction = null;
            }

            ready = true;
        }
        finally
        {
            gate.Release();
        }
    }
}

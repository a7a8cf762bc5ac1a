using Microsoft.Data.Sqlite;

namespace Platform.ServiceDefaults.State;

/// <summary>
/// A service's state in one SQLite file: created with its schema on first use, in WAL mode so that
/// readers (the HTTP API) never wait for the writer. Migrations run in order on a file made by an
/// earlier version; <c>PRAGMA user_version</c> remembers how many have run.
/// </summary>
public sealed class SqliteDatabase(string path, string schema, params string[] migrations)
{
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

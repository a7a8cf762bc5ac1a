using Microsoft.Data.Sqlite;

namespace Platform.ServiceDefaults.State;

/// <summary>
/// A service's state in one SQLite file: created with its schema on first use, in WAL mode so that
/// readers (the HTTP API) never wait for the writer.
/// </summary>
public sealed class SqliteDatabase(string path, string schema)
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
            ready = true;
        }
        finally
        {
            gate.Release();
        }
    }
}

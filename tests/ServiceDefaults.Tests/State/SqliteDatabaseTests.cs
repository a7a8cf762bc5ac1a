using Microsoft.Data.Sqlite;
using Platform.ServiceDefaults.State;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.State;

/// <summary>The stores' SQLite file: schema and migrations, and how values go in and come out through Dapper.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, owner_id TEXT, size INTEGER);";

    private readonly TempDirectory folder = new("sqlite");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Times_ids_enums_and_nulls_come_back_as_they_went_in_and_are_stored_as_text_that_sorts_in_time_order()
    {
        var database = new SqliteDatabase(folder.Combine("things.db"), Schema);
        var owner = Guid.NewGuid();
        var earlier = new DateTimeOffset(2026, 11, 29, 9, 5, 7, 123, TimeSpan.FromHours(1));
        var later = earlier.AddMilliseconds(1);

        var first = await database.ExecuteScalarAsync<long>(
            "INSERT INTO things (name, at, kind, owner_id, size) VALUES (@name, @at, @kind, @owner, @size) RETURNING id;",
            new { name = "a", at = earlier, kind = Kind.Service.ToString(), owner = (Guid?)owner, size = (int?)42 }, CancellationToken.None);
        await database.ExecuteAsync(
            "INSERT INTO things (name, at, kind, owner_id, size) VALUES (@name, @at, @kind, @owner, @size);",
            new { name = "b", at = later, kind = Kind.Job.ToString(), owner = (Guid?)null, size = (int?)null }, CancellationToken.None);

        var rows = await database.QueryAsync<Row>("SELECT id, name, at, kind, owner_id, size FROM things ORDER BY at", null, CancellationToken.None);

        Assert.Equal(["a", "b"], rows.Select(r => r.Name));
        Assert.Equal(first, rows[0].Id);
        Assert.Equal(earlier, rows[0].At);
        Assert.Equal(earlier.Offset, rows[0].At.Offset);
        Assert.Equal(Kind.Service, rows[0].Kind);
        Assert.Equal(owner, rows[0].OwnerId);
        Assert.Equal(42, rows[0].Size);
        Assert.Equal(Kind.Job, rows[1].Kind);
        Assert.Null(rows[1].OwnerId);
        Assert.Null(rows[1].Size);

        // What other readers of the file (and the stores' own comparisons of times as text) see.
        var raw = await database.QueryFirstOrDefaultAsync<(string At, string Owner)>(
            "SELECT at, owner_id FROM things WHERE id = @first", new { first }, CancellationToken.None);
        Assert.Equal("2026-11-29T09:05:07.1230000+01:00", raw.At);
        Assert.Equal(owner.ToString(), raw.Owner);
    }

    [Fact]
    public async Task Rows_written_before_the_stores_used_Dapper_still_read()
    {
        var path = folder.Combine("old.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Schema + "INSERT INTO things (name, at, kind, owner_id, size) VALUES ('old', '2026-11-20T08:00:00.0000000+00:00', 'Job', '0b5f2c9e-6c1a-4f55-9d7c-2f1e3c4b5a69', 7);";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var database = new SqliteDatabase(path, Schema);
        var row = await database.QueryFirstOrDefaultAsync<Row>("SELECT id, name, at, kind, owner_id, size FROM things", null, CancellationToken.None);

        Assert.NotNull(row);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), row.At);
        Assert.Equal(Kind.Job, row.Kind);
        Assert.Equal(Guid.Parse("0b5f2c9e-6c1a-4f55-9d7c-2f1e3c4b5a69"), row.OwnerId);
    }

    [Fact]
    public async Task Migrations_run_once_in_order_and_a_reopened_file_runs_only_the_new_ones()
    {
        var path = folder.Combine("migrated.db");
        var v1 = new SqliteDatabase(path, Schema, "ALTER TABLE things ADD COLUMN colour TEXT");
        await v1.ExecuteAsync("INSERT INTO things (name, at, kind, colour) VALUES ('x', '2026-11-29T00:00:00.0000000+00:00', 'Job', 'red')", null, CancellationToken.None);
        SqliteConnection.ClearAllPools();

        // A later version adds a second migration; the first must not run again (it would fail: the column exists).
        var v2 = new SqliteDatabase(path, Schema, "ALTER TABLE things ADD COLUMN colour TEXT", "ALTER TABLE things ADD COLUMN shade TEXT DEFAULT 'dark'");
        var row = await v2.QueryFirstOrDefaultAsync<(string Colour, string Shade)>("SELECT colour, shade FROM things", null, CancellationToken.None);

        Assert.Equal(("red", "dark"), row);
        Assert.Equal(2L, await v2.ExecuteScalarAsync<long>("PRAGMA user_version", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_query_that_finds_nothing_gives_null_not_an_error()
    {
        var database = new SqliteDatabase(folder.Combine("empty.db"), Schema);

        Assert.Null(await database.QueryFirstOrDefaultAsync<Row>("SELECT id, name, at, kind, owner_id, size FROM things", null, CancellationToken.None));
        Assert.Null(await database.ExecuteScalarAsync<long?>("SELECT id FROM things WHERE name = @name", new { name = "missing" }, CancellationToken.None));
        Assert.Empty(await database.QueryAsync<Row>("SELECT id, name, at, kind, owner_id, size FROM things", null, CancellationToken.None));
    }

    private enum Kind
    {
        Service,
        Job,
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public Kind Kind { get; init; }
        public Guid? OwnerId { get; init; }
        public int? Size { get; init; }
    }
}

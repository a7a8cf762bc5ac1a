using System.Data;
using System.Globalization;
using Dapper;

namespace Platform.ServiceDefaults.State;

/// <summary>
/// How the stores' values look in SQLite, for Dapper: times as round-trip text (<c>O</c>, so that text order is time order,
/// as the stores' queries compare them), ids as lower-case text, column <c>commit_id</c> to property <c>CommitId</c>.
/// Enums are written by the stores as their names (Dapper would write numbers) and read back from them.
/// </summary>
internal static class SqliteTypes
{
    private static readonly Lock Gate = new();
    private static bool registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            // Dapper uses a handler for parameters only when the type is not one it maps itself.
            foreach (var type in new[] { typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(Guid), typeof(Guid?) })
            {
                SqlMapper.RemoveTypeMap(type);
            }

            SqlMapper.AddTypeHandler(new TimeHandler());
            SqlMapper.AddTypeHandler(new IdHandler());
            DefaultTypeMap.MatchNamesWithUnderscores = true;
            registered = true;
        }
    }

    public static string Text(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private sealed class TimeHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Text(value);
        }

        public override DateTimeOffset Parse(object value) => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture);
    }

    private sealed class IdHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString();
        }

        public override Guid Parse(object value) => Guid.Parse((string)value);
    }
}

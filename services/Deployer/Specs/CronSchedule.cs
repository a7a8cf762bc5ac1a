using Cronos;

namespace Platform.Deployer.Specs;

/// <summary>
/// A cron schedule: five fields (minute hour day month weekday) as crontab and Kubernetes write them, or
/// six with seconds first; macros such as <c>@hourly</c> too. Evaluated in <see cref="TimeZone"/>.
/// </summary>
public sealed record CronSchedule(string Expression, TimeZoneInfo TimeZone)
{
    private readonly CronExpression cron = Parse(Expression);

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => cron.GetNextOccurrence(after, TimeZone);

    /// <summary>Parses or throws <see cref="CronFormatException"/> with Cronos' reason.</summary>
    public static CronExpression Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(expression.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    public override string ToString() => TimeZone == TimeZoneInfo.Utc ? Expression : $"{Expression} ({TimeZone.Id})";
}

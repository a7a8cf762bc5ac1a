using Platform.Catalog.Yaml;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

public enum Verdict
{
    /// <summary>Runs in the source environment without an incident, and its soak time is not over.</summary>
    Soaking,

    /// <summary>A job's digest whose soak time is over, short of successful runs; it qualifies with its next ones.</summary>
    NeedsRuns,

    /// <summary>Ran the whole soak time without a rollback, failed health check or failed run (and, for a job, with enough successful runs).</summary>
    Qualified,

    /// <summary>Never will: it failed, was rolled back, or was replaced before its soak time was over.</summary>
    Disqualified,
}

/// <summary>Whether one source stint qualifies, why (in a sentence) and, while it soaks, from when it will.</summary>
public sealed record Qualification(Verdict Verdict, string Reason, DateTimeOffset? QualifiesAt);

/// <summary>The rules of <c>promote:</c>, with no I/O: a digest's stint in the source environment judged at an instant.</summary>
public static class Qualifications
{
    public static Qualification Judge(Stint source, Promotion promotion, DateTimeOffset now)
    {
        var from = promotion.From;
        var soakEnd = source.StartedAt + promotion.After;
        switch (source.EndReason)
        {
            case StintEnd.FailedRollout:
                return Never($"its rollout failed in {from} at {At(source.StartedAt)}: {source.EndDetail}");
            case StintEnd.RolledBack:
                return Never($"it was rolled back in {from} at {At(source.EndedAt)}: {source.EndDetail}");
        }

        if (source.Incidents.Count > 0)
        {
            var first = source.Incidents[0];
            var more = source.Incidents.Count > 1 ? $" (and {source.Incidents.Count - 1} more incident(s))" : "";
            return Never($"it had an incident in {from} at {At(first.At)}: {first.What}{more}");
        }

        if (source.EndedAt is { } ended && ended < soakEnd)
        {
            return Never($"it ran in {from} for {Durations.Format(ended - source.StartedAt)} only, less than the soak time of {Durations.Format(promotion.After)}: {source.EndDetail}");
        }

        var runs = source.Kind == DeploymentKind.Job ? $"; {Runs(source.RunsSucceeded, promotion.MinRuns)}" : "";
        if (now < soakEnd)
        {
            return new Qualification(Verdict.Soaking,
                $"it has run in {from} for {Durations.Format(now - source.StartedAt)} of {Durations.Format(promotion.After)} without an incident{runs}", soakEnd);
        }

        if (source.Kind == DeploymentKind.Job && source.RunsSucceeded < promotion.MinRuns)
        {
            return source.IsRunning
                ? new Qualification(Verdict.NeedsRuns, $"its soak time in {from} is over, and it {Runs(source.RunsSucceeded, promotion.MinRuns)}: it qualifies with its next successful run(s)", null)
                : Never($"it was replaced in {from} with {Runs(source.RunsSucceeded, promotion.MinRuns)}: {source.EndDetail}");
        }

        var withRuns = source.Kind == DeploymentKind.Job ? $" and {source.RunsSucceeded} successful run(s)" : "";
        return new Qualification(Verdict.Qualified,
            $"it ran in {from} for {Durations.Format(source.Ran(now))} (soak time {Durations.Format(promotion.After)}) without a rollback, failed health check or failed run{withRuns}",
            soakEnd);
    }

    private static Qualification Never(string reason) => new(Verdict.Disqualified, reason, null);

    private static string Runs(int succeeded, int needed) =>
        succeeded >= needed ? $"has {succeeded} successful run(s), {needed} needed" : $"has {succeeded} of {needed} successful run(s)";

    public static string At(DateTimeOffset? at) => at is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "?";
}

using Cronos;
using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Deployer.Specs;

/// <summary>Reads one entry of <c>jobs:</c>; the schedule may come from the image's <c>etl.schedule</c>.</summary>
internal static class JobReader
{
    private const string Known = "image, follow, promote, schedule, timeZone, args, env, timeout, concurrency, kubernetes";

    /// <summary>Any instant does: without a year field, a schedule that fires at all fires within 28 years of it.</summary>
    private static readonly DateTimeOffset NeverFiresCheckFrom = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static JobDeployment? Read(string name, SpecNodes nodes, YamlNode node, ImageCatalog catalog, SpecDefaults defaults)
    {
        var fields = nodes.Fields(node, $"job {name}", Known);

        var policy = fields.TryGetValue("follow", out var follow) ? EnvironmentSpecReader.Follow(nodes, follow.Value) : FollowPolicy.Latest;
        if (policy is { Tag: null })
        {
            nodes.Problem(follow.Value, "a job follows one tag: each run resolves that tag's current digest");
        }

        var reference = fields.TryGetValue("image", out var image) ? nodes.Scalar(image.Value, "image") ?? name : name;
        var followed = policy is null ? null : EnvironmentSpecReader.Image(nodes, image.Value ?? node, reference, policy, catalog, ImageKind.Etl);

        var timeZone = TimeZoneInfo.Utc;
        if (fields.TryGetValue("timeZone", out var zone))
        {
            var id = nodes.Scalar(zone.Value, "timeZone");
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(id ?? "", out timeZone!))
            {
                nodes.Problem(zone.Value, $"timeZone '{id}' is not a known time zone (for example UTC, Europe/Berlin)");
                timeZone = TimeZoneInfo.Utc;
            }
        }

        var scheduleText = fields.TryGetValue("schedule", out var scheduleNode)
            ? nodes.Scalar(scheduleNode.Value, "schedule")
            : catalog.Find(reference)?.Spec.Etl?.Schedule;
        if (scheduleText is null)
        {
            nodes.Problem(node, $"has no schedule: set schedule: here or etl.schedule in the image's {ImageSpecReader.FileName}");
        }

        var schedule = scheduleText is null ? null : Schedule(nodes, scheduleNode.Value, scheduleText, timeZone);
        if (followed is null || schedule is null)
        {
            return null;
        }

        var job = Defaults(name, followed, schedule, defaults);
        if (fields.TryGetValue("args", out var args))
        {
            job = job with { Args = nodes.List(args.Value, "args") };
        }

        if (fields.TryGetValue("env", out var env))
        {
            job = job with { Environment = nodes.Variables(env.Value, "env") };
        }

        if (fields.TryGetValue("timeout", out var timeout) && nodes.Duration(timeout.Value, "timeout", SpecLimits.JobTimeout) is { } runTimeout)
        {
            job = job with { Timeout = runTimeout };
        }

        if (fields.TryGetValue("concurrency", out var concurrency))
        {
            var text = nodes.Scalar(concurrency.Value, "concurrency");
            // By name only: Enum.TryParse would take "3" or "1" as a policy too.
            if (text is "forbid" or "replace" or "allow" && Enum.TryParse<ConcurrencyPolicy>(text, ignoreCase: true, out var policyValue))
            {
                job = job with { Concurrency = policyValue };
            }
            else
            {
                nodes.Problem(concurrency.Value, $"concurrency '{text}' is not one of forbid, replace, allow");
            }
        }

        if (fields.TryGetValue("kubernetes", out var kubernetes) && EnvironmentSpecReader.Kubernetes(nodes, kubernetes.Value, job.Kubernetes) is { } cluster)
        {
            job = job with { Kubernetes = cluster };
        }

        if (fields.TryGetValue("promote", out var promote))
        {
            job = job with { Promote = EnvironmentSpecReader.Promote(nodes, promote.Value, follow.Key, isJob: true, defaults) };
        }

        return job;
    }

    public static JobDeployment Defaults(string name, FollowedImage image, CronSchedule schedule, SpecDefaults defaults) =>
        new(name, image, schedule, [], new Dictionary<string, string>(), defaults.JobTimeout, ConcurrencyPolicy.Forbid,
            EnvironmentSpecReader.DefaultObject(name));

    /// <summary>A schedule, or a problem that quotes it and Cronos' reason.</summary>
    public static CronSchedule? Schedule(SpecNodes nodes, YamlNode? node, string expression, TimeZoneInfo timeZone)
    {
        CronSchedule schedule;
        try
        {
            schedule = new CronSchedule(expression, timeZone);
        }
        catch (CronFormatException e)
        {
            nodes.Problem(node, $"schedule '{expression}' is not a valid cron expression: {e.Message}");
            return null;
        }

        // Cronos accepts days that no month has (30 February): such a job would wait forever without a word.
        if (schedule.Next(NeverFiresCheckFrom) is null)
        {
            nodes.Problem(node, $"schedule '{expression}' never fires (no date matches its day and month fields)");
            return null;
        }

        return schedule;
    }
}

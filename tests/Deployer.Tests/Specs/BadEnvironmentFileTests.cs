using System.Diagnostics;
using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Specs;

/// <summary>
/// The bad-input corpus of environment files: each bad value is a problem of its own deployment, with the file,
/// the line, the field and the allowed range, and the deployments beside it in the same file still run.
/// </summary>
public sealed class BadEnvironmentFileTests
{
    private const string File = SpecSamples.File;
    private static readonly SpecDefaults Defaults = SpecSamples.Defaults;
    private static readonly ImageCatalog Catalog = SpecSamples.Catalog;

    [Theory]
    [InlineData("health:\n      timeout: 99999999h", 7, "health.timeout '99999999h' is out of range: it must be from 1s to 1h")]
    [InlineData("health:\n      timeout: 1000000000000000000h", 7, "health.timeout '1000000000000000000h' is out of range: it must be from 1s to 1h")]
    [InlineData("health:\n      timeout: 2h", 7, "health.timeout '2h' is out of range: it must be from 1s to 1h")]
    [InlineData("health:\n      timeout: 500ms", 7, "health.timeout '500ms' is out of range: it must be from 1s to 1h")]
    [InlineData("health:\n      timeout: soon", 7, "health.timeout 'soon' is not a duration (for example 30s, 5m, 1h30m; from 1s to 1h)")]
    [InlineData("health:\n      timeout: [30s]", 7, "health.timeout must be a single value")]
    [InlineData("health:\n      fromImage: yes", 7, "health.fromImage 'yes' must be true or false")]
    [InlineData("replicas: 0", 6, "replicas '0' must be a whole number from 1 to 20")]
    [InlineData("replicas: 21", 6, "replicas '21' must be a whole number from 1 to 20")]
    [InlineData("replicas: -1", 6, "replicas '-1' must be a whole number from 1 to 20")]
    [InlineData("replicas: 2.5", 6, "replicas '2.5' must be a whole number from 1 to 20")]
    [InlineData("replicas: 99999999999999999999", 6, "replicas '99999999999999999999' must be a whole number from 1 to 20")]
    [InlineData("port: 0", 6, "port '0' must be a whole number from 1 to 65535")]
    [InlineData("port: 65536", 6, "port '65536' must be a whole number from 1 to 65535")]
    [InlineData("hostPort: http", 6, "hostPort 'http' must be a whole number from 1 to 65535")]
    [InlineData("env: [A=1]", 6, "env must be a mapping of 'key: value' lines")]
    [InlineData("env:\n      1BAD: x", 7, "'1BAD' in env is not an environment variable name")]
    [InlineData("follow:\n      regex: '(a)\\1'", 7, "uses a construct that tags cannot be matched with in linear time")]
    [InlineData("follow:\n      regex: '(unclosed'", 7, "follow: Invalid pattern '(unclosed'")]
    [InlineData("kubernetes:\n      name: Status_API", 7, "kubernetes.name 'Status_API' is not a Kubernetes name")]
    public void A_service_with_a_bad_value_is_left_out_with_its_line_and_the_range_and_its_neighbours_run(string yaml, int line, string message)
    {
        var spec = EnvironmentSpecReader.Read(File, $"""
            services:
              good-api:
                image: dataplatform/status-api
              bad:
                image: dataplatform/status-api
                {yaml}
            jobs:
              good-job:
                image: dataplatform/etl-weather
            """, Catalog, Defaults);

        var problem = Assert.Single(spec.Problems);
        Assert.Equal(("bad", File, line), (problem.Deployment, problem.File, problem.Line));
        Assert.Contains(message, problem.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"{File}:{line}: bad: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(["good-api"], spec.Services.Select(s => s.Name));
        Assert.Equal(["good-job"], spec.Jobs.Select(j => j.Name));
    }

    [Theory]
    [InlineData("timeout: 1000000000000000000h", "timeout '1000000000000000000h' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 1200h", "timeout '1200h' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 8d", "timeout '8d' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 8.00:00:00", "timeout '8.00:00:00' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 0s", "timeout '0s' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 99999999999999999999999999999999999999999999999999d", "is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: -5m", "timeout '-5m' is not a duration")]
    [InlineData("schedule: '0 0 30 2 *'", "schedule '0 0 30 2 *' never fires (no date matches its day and month fields)")]
    [InlineData("schedule: '99 * * * *'", "schedule '99 * * * *' is not a valid cron expression")]
    [InlineData("schedule: '* * * * * * *'", "schedule '* * * * * * *' is not a valid cron expression")]
    [InlineData("schedule: ''", "schedule '' is not a valid cron expression")]
    [InlineData("timeZone: Mars/Olympus_Mons", "timeZone 'Mars/Olympus_Mons' is not a known time zone")]
    [InlineData("timeZone: ../../../etc/passwd", "timeZone '../../../etc/passwd' is not a known time zone")]
    [InlineData("concurrency: 3", "concurrency '3' is not one of forbid, replace, allow")]
    [InlineData("args: --full", "args must be a list")]
    public void A_job_with_a_bad_value_is_left_out_with_its_line_and_the_range_and_its_neighbours_run(string yaml, string message)
    {
        var spec = EnvironmentSpecReader.Read(File, $"""
            jobs:
              good-job:
                image: dataplatform/etl-weather
              bad:
                image: dataplatform/etl-weather
                {yaml}
            services:
              good-api:
                image: dataplatform/status-api
            """, Catalog, Defaults);

        var problem = Assert.Single(spec.Problems);
        Assert.Equal(("bad", File, 6), (problem.Deployment, problem.File, problem.Line));
        Assert.Contains(message, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(["good-job"], spec.Jobs.Select(j => j.Name));
        Assert.Equal(["good-api"], spec.Services.Select(s => s.Name));
    }

    [Fact]
    public void The_largest_timeouts_the_file_allows_are_ones_the_deployer_can_wait_for()
    {
        var spec = EnvironmentSpecReader.Read(File, """
            services:
              api:
                image: dataplatform/status-api
                health:
                  timeout: 1h
            jobs:
              weekly:
                image: dataplatform/etl-weather
                timeout: 7d
            """, Catalog, Defaults);

        Assert.Empty(spec.Problems);
        var (health, run) = (spec.Service("api")!.Health.Timeout, spec.Job("weekly")!.Timeout);
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromDays(7)), (health, run));

        // What the Docker target does with them: a deadline from now, a timer for the run.
        Assert.True(DateTimeOffset.UtcNow + health > DateTimeOffset.UtcNow);
        using var timer = new CancellationTokenSource();
        timer.CancelAfter(run);
        Assert.False(timer.IsCancellationRequested);
    }

    [Fact]
    public void A_backtracking_tag_pattern_matches_a_long_tag_in_linear_time_instead_of_timing_out()
    {
        var spec = EnvironmentSpecReader.Read(File, """
            services:
              api:
                image: dataplatform/status-api
                follow:
                  regex: '^(a+)+$'
            """, Catalog, Defaults);
        var tag = new string('a', 120) + "!";

        var watch = Stopwatch.StartNew();
        var follows = spec.ServicesFollowing("dataplatform/status-api", "127.0.0.1:5000", tag).Any();

        Assert.Empty(spec.Problems);
        Assert.False(follows);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"matching took {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(spec.ServicesFollowing("dataplatform/status-api", "127.0.0.1:5000", "aaaa").Any());
    }

    [Fact]
    public void A_file_nested_deeper_than_the_parser_can_take_is_one_problem_not_a_crashed_deployer()
    {
        var yaml = "services:\n  api:\n    args: " + new string('[', 100_000) + "\n";

        var spec = EnvironmentSpecReader.Read(File, yaml, Catalog, Defaults);

        var problem = Assert.Single(spec.Problems);
        Assert.Equal($"{File}:3: mappings and lists nest deeper than 32 levels", problem.ToString());
        Assert.Empty(spec.Services);
    }

    [Fact]
    public void A_key_written_twice_names_its_line()
    {
        var spec = EnvironmentSpecReader.Read(File, """
            services:
              api:
                image: dataplatform/status-api
              api:
                image: dataplatform/status-api
            """, Catalog, Defaults);

        var problem = Assert.Single(spec.Problems);
        Assert.StartsWith($"{File}:4: not valid YAML: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("Duplicate key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_yaml_document_is_not_ignored_in_silence()
    {
        var spec = EnvironmentSpecReader.Read(File, """
            services:
              api:
                image: dataplatform/status-api
            ---
            jobs:
              weather:
                image: dataplatform/etl-weather
            """, Catalog, Defaults);

        var problem = Assert.Single(spec.Problems);
        Assert.Equal($"{File}:5: holds more than one YAML document ('---'); only the first is read", problem.ToString());
        Assert.Equal(["api"], spec.Services.Select(s => s.Name));
    }
}

using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Specs;

/// <summary>The environment file read against a catalogue, without I/O.</summary>
public sealed class EnvironmentSpecReaderTests
{
    private const string File = "deploy/beta.yaml";
    private static readonly SpecDefaults Defaults = new(TimeSpan.FromSeconds(60), TimeSpan.FromHours(1));

    private static readonly ImageCatalog Catalog = new("0123456789abcdef", [
        Image(new ImageSpec("dataplatform/status-api", "images/status-api", ImageKind.Service, "Dockerfile", new Dictionary<string, string>(),
            new ServiceSpec(9000, "/ready"), null)),
        Image(new ImageSpec("dataplatform/etl-weather", "images/etl-weather", ImageKind.Etl, "Dockerfile", new Dictionary<string, string>(),
            null, new EtlSpec("*/15 * * * *"))),
        Image(new ImageSpec("dataplatform/etl-adhoc", "images/etl-adhoc", ImageKind.Etl, "Dockerfile", new Dictionary<string, string>(), null, new EtlSpec(null))),
        Image(new ImageSpec("dataplatform/base", "images/base", ImageKind.Base, "Dockerfile", new Dictionary<string, string>(), null, null)),
    ], []);

    [Fact]
    public void What_a_deployment_does_not_say_comes_from_its_images_spec_and_the_deployers_defaults()
    {
        var spec = EnvironmentSpecReader.Read(File, """
            services:
              status-api:
                image: dataplatform/status-api
                replicas: 2
                env:
                  GREETING: hello
              cache:
                image: ghcr.io/team/cache
                follow:
                  semver: ^1.4
                hostPort: 18080
                health:
                  fromImage: true
                  timeout: 20s
            jobs:
              weather:
                image: dataplatform/etl-weather
                args: [--since, 1d]
                timeout: 10m
                concurrency: replace
                kubernetes:
                  name: etl-weather-hourly
            """, Catalog, Defaults);

        Assert.Empty(spec.Problems);
        var api = spec.Service("status-api")!;
        Assert.Equal((2, 9000, "/ready", TimeSpan.FromSeconds(60), "hello", "status-api"),
            (api.Replicas, api.Port, api.Health.HttpPath, api.Health.Timeout, api.Environment["GREETING"], api.Kubernetes.Name));
        var cache = spec.Service("cache")!;
        Assert.Equal(("ghcr.io", "team/cache", 18080, true, TimeSpan.FromSeconds(20)),
            (cache.Image.Registry, cache.Image.Repository, cache.HostPort, cache.Health.UsesImageHealthcheck, cache.Health.Timeout));
        var weather = spec.Job("weather")!;
        Assert.Equal(("*/15 * * * *", ConcurrencyPolicy.Replace, TimeSpan.FromMinutes(10), "etl-weather-hourly"),
            (weather.Schedule.Expression, weather.Concurrency, weather.Timeout, weather.Kubernetes.Name));
        Assert.Equal(["--since", "1d"], weather.Args);
    }

    [Fact]
    public void A_deployment_with_an_invalid_cron_expression_is_left_out_with_an_error_naming_it_and_its_line_and_the_others_run()
    {
        var spec = EnvironmentSpecReader.Read(File, """
            services:
              status-api:
                image: dataplatform/status-api
            jobs:
              weather:
                image: dataplatform/etl-weather
                schedule: "61 * * * *"
              adhoc:
                image: dataplatform/etl-adhoc
              daily:
                image: dataplatform/etl-weather
                schedule: "0 3 * * *"
                concurrency: sometimes
              hourly:
                image: dataplatform/etl-weather
                schedule: "@hourly"
            """, Catalog, Defaults);

        Assert.Equal(["status-api"], spec.Services.Select(s => s.Name));
        Assert.Equal(["hourly"], spec.Jobs.Select(j => j.Name));
        var problems = spec.Problems.Select(p => p.ToString()).ToList();
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("deploy/beta.yaml:7: weather: schedule '61 * * * *' is not a valid cron expression", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("deploy/beta.yaml:9: adhoc: has no schedule", problems[1], StringComparison.Ordinal);
        Assert.Equal("deploy/beta.yaml:13: daily: concurrency 'sometimes' is not one of forbid, replace, allow", problems[2]);
    }

    [Theory]
    [InlineData("image: dataplatform/base", "image dataplatform/base is kind base in its image.yaml, not service")]
    [InlineData("image: team/unknown", "image 'team/unknown' is not in the catalogue at 0123456")]
    [InlineData("hostPort: 80\n    replicas: 3", "hostPort needs replicas: 1")]
    [InlineData("health: ready", "health path 'ready' must be an HTTP path that starts with '/'")]
    [InlineData("port: 70000", "port '70000' must be a whole number from 1 to 65535")]
    [InlineData("follow:\n      semver: banana", "follow: 'banana' is not an npm-style version range")]
    [InlineData("replica: 2", "unknown field 'replica'")]
    public void A_service_that_cannot_run_as_written_is_a_problem_that_names_it(string yaml, string message)
    {
        var spec = EnvironmentSpecReader.Read(File, $"""
            services:
              api:
                image: dataplatform/status-api
                {yaml}
            """.Replace("image: dataplatform/status-api\n    image:", "image:", StringComparison.Ordinal), Catalog, Defaults);

        Assert.Empty(spec.Services);
        var problem = Assert.Single(spec.Problems);
        Assert.Equal("api", problem.Deployment);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_environment_file_every_catalogue_service_and_every_scheduled_job_runs_with_its_images_settings()
    {
        var spec = EnvironmentSpecReader.Read(File, null, Catalog, Defaults);

        Assert.Null(spec.File);
        Assert.Equal(["dataplatform/status-api"], spec.Services.Select(s => s.Name));
        Assert.Equal(["dataplatform/etl-weather"], spec.Jobs.Select(j => j.Name));
        Assert.Equal(ConcurrencyPolicy.Forbid, spec.Jobs[0].Concurrency);
        Assert.Equal("etl-weather", spec.Jobs[0].Kubernetes.Name);
    }

    [Theory]
    [InlineData("latest", "latest", true)]
    [InlineData("latest", "sha-1234567", false)]
    [InlineData("semver: ^1.4", "1.4.2", true)]
    [InlineData("semver: ^1.4", "v1.9.0", true)]
    [InlineData("semver: ^1.4", "2.0.0", false)]
    [InlineData("semver: ^1.4", "1.5.0-rc.1", false)]
    [InlineData("semver: ^1.4", "latest", false)]
    [InlineData("regex: '^nightly-[0-9]+$'", "nightly-20261126", true)]
    [InlineData("regex: '^nightly-[0-9]+$'", "nightly-x", false)]
    public void A_service_follows_the_tags_its_policy_matches_and_only_in_its_registry(string follow, string tag, bool follows)
    {
        var spec = EnvironmentSpecReader.Read(File, $"""
            services:
              api:
                image: dataplatform/status-api
                follow: {(follow.Contains(':') ? "{ " + follow + " }" : follow)}
            """, Catalog, Defaults);

        Assert.Empty(spec.Problems);
        Assert.Equal(follows, spec.ServicesFollowing("dataplatform/status-api", "127.0.0.1:5000", tag).Any());
        Assert.Empty(spec.ServicesFollowing("dataplatform/etl-weather", "127.0.0.1:5000", tag));
    }

    private static CatalogImage Image(ImageSpec spec) => new(spec, []);
}

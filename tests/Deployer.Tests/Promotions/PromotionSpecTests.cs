using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Promotions;

/// <summary><c>promote:</c> in an environment file, and the bad inputs of a chain of environments: each leaves its deployment out with the file and line.</summary>
public sealed class PromotionSpecTests
{
    private const string Prod = "deploy/prod.yaml";
    private static readonly SpecDefaults Defaults = new(TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), MinSuccessfulRuns: 2);

    private static readonly ImageCatalog Catalog = new("0123456789abcdef", [
        new CatalogImage(new ImageSpec("dataplatform/status-api", "images/status-api", ImageKind.Service, "Dockerfile", new Dictionary<string, string>(),
            new ServiceSpec(8080, "/health"), null), []),
        new CatalogImage(new ImageSpec("dataplatform/etl-weather", "images/etl-weather", ImageKind.Etl, "Dockerfile", new Dictionary<string, string>(),
            null, new EtlSpec("*/15 * * * *")), []),
    ], []);

    private const string Beta = """
        services:
          status-api:
            image: dataplatform/status-api
        jobs:
          etl-weather:
            image: dataplatform/etl-weather
        """;

    [Fact]
    public void A_promoted_service_and_job_read_their_source_soak_time_approval_and_runs_and_follow_no_tag()
    {
        var spec = Read("""
            services:
              status-api:
                image: dataplatform/status-api
                promote: { from: beta, after: 24h }
            jobs:
              etl-weather:
                image: dataplatform/etl-weather
                promote: { from: beta, after: 72h, approval: required, runs: 3 }
            """, new() { ["beta"] = Beta });

        Assert.Empty(spec.Problems);
        Assert.Equal(new Promotion("beta", TimeSpan.FromHours(24), ApprovalMode.Auto, 0, 4), spec.Services.Single().Promote);
        Assert.Equal(new Promotion("beta", TimeSpan.FromHours(72), ApprovalMode.Required, 3, 8), spec.Jobs.Single().Promote);
        Assert.Empty(spec.ServicesFollowing("dataplatform/status-api", "registry:5000", "latest"));
        Assert.Empty(spec.JobsFollowing("dataplatform/etl-weather", "registry:5000", "latest"));
    }

    [Fact]
    public void A_job_without_runs_takes_the_deployer_setting()
    {
        var spec = Read("""
            jobs:
              etl-weather:
                image: dataplatform/etl-weather
                promote: { from: beta, after: 1h }
            """, new() { ["beta"] = Beta });

        Assert.Equal(2, Assert.Single(spec.Jobs).Promote!.MinRuns);
    }

    [Theory]
    [InlineData("promote: { from: beta, after: -1h }", 6, "promote.after '-1h' is negative: a soak time is from 0s to 90d")]
    [InlineData("promote: { from: beta, after: -00:10:00 }", 6, "promote.after '-00:10:00' is negative")]
    [InlineData("promote: { from: beta, after: 91d }", 6, "promote.after '91d' is out of range: it must be from 0s to 90d")]
    [InlineData("promote: { from: beta, after: soon }", 6, "promote.after 'soon' is not a duration")]
    [InlineData("promote: { from: beta }", 6, "promote needs after:")]
    [InlineData("promote: { after: 1h }", 6, "promote needs from:")]
    [InlineData("promote: { from: Beta!, after: 1h }", 6, "promote.from 'Beta!' is not an environment name")]
    [InlineData("promote: { from: beta, after: 1h, approval: maybe }", 6, "promote.approval 'maybe' is not one of auto, required")]
    [InlineData("promote: { from: beta, after: 1h, runs: 3 }", 6, "promote.runs counts the successful runs of a job; a service has none")]
    [InlineData("promote: { from: beta, after: 1h, when: now }", 6, "unknown field 'when' in promote; known fields: from, after, approval, runs")]
    [InlineData("follow: latest\n    promote: { from: beta, after: 1h }", 6, "follow: and promote: exclude each other")]
    public void A_bad_promote_leaves_its_service_out_with_its_line_and_the_reason(string yaml, int line, string message)
    {
        var spec = Read($"""
            services:
              good:
                image: dataplatform/status-api
              status-api:
                image: dataplatform/status-api
                {yaml}
            """, new() { ["beta"] = Beta });

        var problem = Assert.Single(spec.Problems);
        Assert.Equal(("status-api", Prod, line), (problem.Deployment, problem.File, problem.Line));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(["good"], spec.Services.Select(s => s.Name));
    }

    [Fact]
    public void An_unknown_source_environment_is_named_with_the_environments_there_are()
    {
        var spec = Read("""
            services:
              status-api:
                image: dataplatform/status-api
                promote: { from: staging, after: 1h }
            """, new() { ["beta"] = Beta });

        var problem = Assert.Single(spec.Problems);
        Assert.Equal(
            "deploy/prod.yaml:4: status-api: promote.from 'staging' is an unknown environment: there is no deploy/staging.yaml at 0123456 (environments: beta, prod)",
            problem.ToString());
        Assert.Empty(spec.Services);
    }

    [Fact]
    public void A_promotion_cycle_between_two_environments_is_refused_and_nothing_of_it_runs()
    {
        var spec = Read("""
            jobs:
              etl-weather:
                image: dataplatform/etl-weather
                promote: { from: beta, after: 72h }
            """, new()
        {
            ["beta"] = """
                jobs:
                  etl-weather:
                    promote: { from: prod, after: 1h }
                """,
        });

        var problem = Assert.Single(spec.Problems);
        Assert.Equal(("etl-weather", 4), (problem.Deployment, problem.Line));
        Assert.StartsWith("promotion cycle: prod <- beta <- prod (etl-weather in deploy/beta.yaml promotes from prod)", problem.Message, StringComparison.Ordinal);
        Assert.Empty(spec.Jobs);
    }

    [Fact]
    public void A_promotion_from_itself_is_refused()
    {
        var spec = Read("""
            services:
              status-api:
                image: dataplatform/status-api
                promote: { from: prod, after: 1h }
            """, new() { ["beta"] = Beta });

        Assert.Contains("promote.from 'prod' is this environment itself", Assert.Single(spec.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services:\n  other:\n    image: dataplatform/status-api\n", "promote.from 'beta': deploy/beta.yaml has no service status-api to promote from")]
    [InlineData("jobs:\n  status-api:\n    image: dataplatform/etl-weather\n", "promote.from 'beta': status-api is a job in deploy/beta.yaml, not a service")]
    [InlineData("services: [", "promote.from 'beta': deploy/beta.yaml could not be read to check the chain of promotions")]
    public void A_source_without_the_deployment_or_of_another_kind_is_refused(string beta, string message)
    {
        var spec = Read("""
            services:
              status-api:
                image: dataplatform/status-api
                promote: { from: beta, after: 1h }
            """, new() { ["beta"] = beta });

        Assert.StartsWith(message, Assert.Single(spec.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_three_environments_ending_at_one_that_follows_a_tag_is_fine()
    {
        var spec = Read("""
            services:
              status-api:
                image: dataplatform/status-api
                promote: { from: staging, after: 1h }
            """, new()
        {
            ["beta"] = Beta,
            ["staging"] = "services:\n  status-api:\n    promote: { from: beta, after: 1h }\n",
        });

        Assert.Empty(spec.Problems);
        Assert.Single(spec.Services);
    }

    private static EnvironmentSpec Read(string yaml, Dictionary<string, string> others)
    {
        var files = new Dictionary<string, string>(others) { ["prod"] = yaml };
        return PromotionChain.Check("prod", EnvironmentSpecReader.Read(Prod, yaml, Catalog, Defaults), files);
    }
}

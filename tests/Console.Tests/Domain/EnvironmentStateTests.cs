using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Platform.Console.Apis;
using Platform.Console.Views;

namespace Platform.Console.Tests.Domain;

/// <summary>The deployer's environment with its ledger's states (the shape docs/promotion.md gives), and the deployers of several environments.</summary>
public sealed class EnvironmentStateTests
{
    private const string Prod = """
        {
          "environment": "prod", "commit": "0123456789abcdef0123456789abcdef01234567", "file": "deploy/prod.yaml", "problems": [],
          "services": [
            { "name": "status-api", "follows": null, "replicas": 1, "port": 8080, "hostPort": null, "health": "/health",
              "state": { "runs": { "digest": "sha256:aaaa", "commit": "c1", "tag": null, "since": "2026-11-29T10:00:00Z", "stint": 7, "promotedFrom": "beta", "runsSucceeded": 0, "runsFailed": 0 },
                         "promote": { "from": "beta", "after": "24h", "afterTime": "1.00:00:00", "approval": "manual", "runs": 0 },
                         "promotion": { "state": "awaiting-approval", "waiting": null, "qualified": { "digest": "sha256:bbbb", "commit": "c2", "sourceStint": 3 },
                                        "awaitsApproval": true, "blocked": [ { "digest": "sha256:cccc", "at": "2026-11-28T09:00:00Z", "reason": "was rolled back" } ], "error": null },
                         "summary": "sha256:bbbb qualified in beta and awaits approval" } },
            { "name": "web", "follows": { "repository": "team/web", "registry": null, "policy": "tag", "value": "latest" }, "replicas": 1, "port": 80, "hostPort": null, "health": "/",
              "state": { "runs": null, "promote": null, "promotion": null, "summary": "nothing runs yet; it follows tag latest" } }
          ],
          "jobs": [
            { "name": "etl-weather", "follows": null, "schedule": "*/15 * * * *", "concurrency": "forbid",
              "state": { "runs": null, "promote": { "from": "beta", "after": "72h", "afterTime": "3.00:00:00", "approval": "auto", "runs": 12 },
                         "promotion": { "state": "waiting", "qualified": null, "awaitsApproval": false, "blocked": [], "error": null,
                                        "waiting": { "digest": "sha256:dddd", "commit": "c3", "sourceStint": 4, "runsInSourceSince": "2026-11-29T08:00:00Z",
                                                     "verdict": "soaking", "reason": "ran 2h of 72h in beta", "qualifiesAt": "2026-12-02T08:00:00Z" } },
                         "summary": "sha256:dddd soaks in beta until 2026-12-02 08:00 UTC" } }
          ]
        }
        """;

    [Fact]
    public void What_waits_for_promotion_is_listed_with_its_state_and_a_promoted_deployment_says_where_it_comes_from()
    {
        var document = JsonSerializer.Deserialize<EnvironmentDocument>(Prod, ServiceApi.Json)!;

        var overview = EnvironmentOverview.Build(document, [], [], []);

        Assert.Equal("prod", overview.Environment);
        Assert.Equal([("status-api", "awaiting-approval"), ("etl-weather", "waiting")], overview.Waiting.Select(w => (w.Deployment, w.Promotion.State)));
        Assert.Equal("sha256:bbbb", overview.Waiting[0].Promotion.Qualified!.Digest);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), overview.Waiting[1].Promotion.Waiting!.QualifiesAt);
        Assert.Equal("promoted from beta after 24h", overview.Services[0].Follows);
        Assert.Equal("team/web (tag latest)", overview.Services[1].Follows);
        Assert.Equal("promoted from beta after 72h", overview.Jobs[0].Follows);
    }

    [Fact]
    public void The_deployers_are_those_service_discovery_names_the_first_environments_first()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:builder:http:0"] = "http://127.0.0.1:1",
            ["services:deployer-prod:http:0"] = "http://127.0.0.1:2",
            ["services:deployer:http:0"] = "http://127.0.0.1:3",
            ["services:deployers-not:http:0"] = "http://127.0.0.1:4",
        }).Build();

        Assert.Equal(["deployer", "deployer-prod"], Deployers.Discover(configuration));
        Assert.Equal(["deployer"], Deployers.Discover(new ConfigurationBuilder().Build()));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.Access;
using Platform.Testing;

namespace Platform.Deployer.Tests.Promotions;

/// <summary>
/// The deployer as Program composes it (DeployerHost), built but not started (nothing is reached): which of its endpoints the API rule
/// covers. How the rule answers over real HTTP from outside loopback is ServiceDefaults.Tests' and the command line's tests' part.
/// </summary>
public sealed class ApiRuleTests
{
    [Fact]
    public async Task Promotions_rollbacks_and_runs_now_need_the_token_from_another_machine_and_no_read_of_the_deployer_does()
    {
        using var folder = new TempDirectory("deployer-api");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Platform.Deployer", EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["ConnectionStrings:registry"] = "http://127.0.0.1:1",
            ["Catalog:Repository"] = folder.Path,
            ["Deployer:Environment"] = "beta",
            ["Deployer:DataDirectory"] = folder.Path,
        });
        builder.AddDeployer();
        await using var app = builder.Build();
        app.MapDeployer();

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var ruled = endpoints.Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiAccess.Policy))
            .Select(e => e.RoutePattern.RawText).Order().ToList();
        var changing = endpoints.Where(e => e.RoutePattern.RawText is not ("/health" or "/alive")
            && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(ApiAccess.ChangesState) ?? true))
            .Select(e => e.RoutePattern.RawText).Order().ToList();

        Assert.Equal(["/api/jobs/run", "/api/promotions", "/api/rollbacks"], ruled);
        Assert.Equal(ruled, changing);
    }
}

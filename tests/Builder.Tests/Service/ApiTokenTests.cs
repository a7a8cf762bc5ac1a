using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Access;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// The builder's own Program and the API rule: from another machine (the in-memory server's requests have no remote address, which
/// the rule counts as another machine) cancel, check and replan need <c>Authorization: Bearer &lt;Api:Token&gt;</c>; reads do not;
/// the push webhooks are outside the rule (their senders sign them). ServiceDefaults.Tests show the same over real non-loopback HTTP.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class ApiTokenTests(BuilderInfrastructure infrastructure)
{
    [Fact]
    public async Task From_another_machine_every_builder_call_that_changes_state_needs_the_token_except_the_signed_webhooks_and_reads_need_none()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("hello", "FROM platform/root:busybox\nCOPY hello.txt /srv/\n", ("hello.txt", "hello\n"));
        await scenario.Repository.CommitAllAsync("one image");
        await scenario.StartBuilderAsync();
        using var anonymous = scenario.CreateClientWithoutToken();

        foreach (var path in new[] { "/api/commits/check", "/api/commits/replan", "/api/builds/cancel?image=hello" })
        {
            using var refused = await SendAsync(anonymous, path, null);
            using var wrong = await SendAsync(anonymous, path, "Bearer not-the-token-0123456789");
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized && wrong.StatusCode == HttpStatusCode.Unauthorized,
                $"POST {path} without the token answered {(int)refused.StatusCode}, with a wrong one {(int)wrong.StatusCode}; expected 401 twice");
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("An API token is required", problem.RootElement.GetProperty("title").GetString());
        }

        using var accepted = await SendAsync(anonymous, "/api/commits/check", $"Bearer {scenario.ApiToken}");
        using var notBuilding = await SendAsync(anonymous, "/api/builds/cancel?image=hello", $"Bearer {scenario.ApiToken}");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notBuilding.StatusCode);
        foreach (var path in new[] { "/api/builds", "/api/commits", "/api/builds/running", "/api/catalog" })
        {
            using var read = await anonymous.GetAsync(path);
            Assert.True(read.IsSuccessStatusCode, $"GET {path} without a token answered {(int)read.StatusCode}");
        }

        // Every endpoint that changes state has the rule, except the push webhooks (their senders sign them); no read has it.
        var endpoints = scenario.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        // The health probes answer any method and change nothing; every other endpoint that takes more than reads counts.
        var changing = endpoints.Where(e => e.RoutePattern.RawText is not ("/health" or "/alive")
            && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(ApiAccess.ChangesState) ?? true)).ToList();

        var protectedOnes = changing.Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiAccess.Policy))
            .Select(e => e.RoutePattern.RawText).ToHashSet();
        var open = changing.Select(e => e.RoutePattern.RawText!).Where(p => !protectedOnes.Contains(p)).Order().ToList();
        Assert.Superset(new HashSet<string?> { "/api/commits/check", "/api/commits/replan", "/api/builds/cancel" }, protectedOnes);
        Assert.Equal(["/api/webhooks/git", "/api/webhooks/gitea", "/api/webhooks/github", "/api/webhooks/gitlab"], open);
        Assert.All(endpoints.Except(changing), read => Assert.DoesNotContain(read.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == ApiAccess.Policy));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var cts = new CancellationTokenSource(BuilderScenario.StepTimeout);
        return await http.SendAsync(request, cts.Token);
    }
}

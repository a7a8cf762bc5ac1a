using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Deployer.Specs;
using Platform.ServiceDefaults;

namespace Platform.Deployer.Tests.Jobs;

/// <summary><c>GET /api/environment</c> on the deployer's real endpoint, over an environment read from a real git repository.</summary>
[Collection(DeployerCollection.Name)]
public sealed class EnvironmentEndpointTests(DeployerFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task Lists_each_deployment_with_the_image_and_tag_it_follows_for_the_registry_watcher()
    {
        await using var jobs = await JobsUnderTest.StartAsync(fixture, """
            schedule: "0 3 * * *"
            concurrency: replace
            """);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(jobs.Environment);
        await using var app = builder.Build();
        app.MapEnvironmentEndpoints();
        await app.StartAsync(jobs.Deadline);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var environment = await http.GetFromJsonAsync<JsonElement>("/api/environment", jobs.Deadline);

        var job = environment.GetProperty("jobs").EnumerateArray().Single();
        var follows = job.GetProperty("follows");
        Assert.Equal(("nightly", TestImages.Job, "tag", jobs.Tag, "0 3 * * *", "replace"),
            (job.GetProperty("name").GetString(), follows.GetProperty("repository").GetString(), follows.GetProperty("policy").GetString(),
             follows.GetProperty("value").GetString(), job.GetProperty("schedule").GetString(), job.GetProperty("concurrency").GetString()));
        Assert.Equal($"deploy/{jobs.Options.Environment}.yaml", environment.GetProperty("file").GetString());
        Assert.Empty(environment.GetProperty("problems").EnumerateArray());
    }
}

using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The loop with the repository on a remote: a push to the HTTP remote and a commit check (what a push webhook does)
/// end in the new digest running. The watcher and the deployer learn the new commit from the messages and fetch it
/// into their own mirrors; each service has its mirror in its own data folder.
/// </summary>
[Collection(EndToEnd.Collection)]
public sealed class RemoteRepositoryTests(RemoteBetaEnvironment beta) : IClassFixture<RemoteBetaEnvironment>
{
    private const string Service = "dataplatform/status-api";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_push_to_the_remote_is_built_and_redeployed_with_every_service_reading_its_own_mirror()
    {
        await WaitForDeploymentAsync(_ => true, "the first deployment of the service from the remote");

        beta.Repository.WriteFile("images/status-api/www/index.json", """{"service": "status-api", "version": "3.0.0"}""" + "\n");
        var commit = await beta.Repository.CommitAllAsync("status-api 3.0.0");
        await beta.PublishAsync();
        (await beta.Http("builder").PostAsync("/api/commits/check", null)).EnsureSuccessStatusCode();

        var deployed = await WaitForDeploymentAsync(d => d.GetProperty("commit").GetString() == commit, $"a deployment of {commit[..7]}");
        using var http = new HttpClient { BaseAddress = new Uri(deployed.GetProperty("endpoint").GetString()!), Timeout = TimeSpan.FromSeconds(5) };
        Assert.Contains("3.0.0", await http.GetStringAsync("/index.json"));
        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            var mirror = Path.Combine(beta.DataDirectory, service, "repository", "mirror.git");
            Assert.True(Directory.Exists(mirror), beta.Failure($"expected {service}'s own mirror at {mirror}"));
            var health = await beta.GetAsync(service, "/health", CancellationToken.None);
            Assert.True(health.GetProperty("checks").GetProperty("repository").GetProperty("status").GetString() == "Healthy",
                beta.Failure($"expected {service}'s repository check to be Healthy, /health said {health}"));
        }

        Assert.DoesNotContain(beta.Server.Password, await File.ReadAllTextAsync(beta.LogPath));
    }

    private async Task<System.Text.Json.JsonElement> WaitForDeploymentAsync(Func<System.Text.Json.JsonElement, bool> match, string what)
    {
        var deployments = await Eventually.WaitAsync(
            ct => beta.GetListAsync("deployer", "/api/deployments?service=" + Service, ct),
            list => list.Any(d => d.GetProperty("outcome").GetString() == "Succeeded" && match(d)),
            BetaEnvironment.StartTimeout, beta.Failure(what));
        return deployments.First(d => d.GetProperty("outcome").GetString() == "Succeeded" && match(d));
    }
}

using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The loop with the repository on a remote: a push to the HTTP remote and GitHub's push webhook, or the push alone
/// (found by polling), end in the new digest running. The watcher and the deployer learn the new commit from the messages and fetch it
/// into their own mirrors; each service has its mirror in its own data folder.
/// </summary>
[Collection(EndToEnd.Collection)]
public sealed class RemoteRepositoryTests(RemoteBetaEnvironment beta) : IClassFixture<RemoteBetaEnvironment>
{
    private const string Service = "dataplatform/status-api";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_push_to_the_remote_and_its_webhook_is_built_and_redeployed_and_a_push_alone_is_found_by_polling()
    {
        await WaitForDeploymentAsync(_ => true, "the first deployment of the service from the remote");

        beta.Repository.WriteFile("images/status-api/www/index.json", """{"service": "status-api", "version": "3.0.0"}""" + "\n");
        var commit = await beta.Repository.CommitAllAsync("status-api 3.0.0");
        await beta.PublishAsync();
        using (var webhook = await PostGitHubPushAsync(commit))
        {
            Assert.True(webhook.StatusCode == System.Net.HttpStatusCode.Accepted,
                beta.Failure($"expected the signed GitHub push webhook to be accepted with 202, it answered {(int)webhook.StatusCode}: {await webhook.Content.ReadAsStringAsync()}"));
        }

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

        // The webhook switched off, as it were: a push and nothing else, found by the builder's poll of the remote.
        beta.Repository.WriteFile("images/status-api/www/index.json", """{"service": "status-api", "version": "3.1.0"}""" + "\n");
        var polled = await beta.Repository.CommitAllAsync("status-api 3.1.0");
        await beta.PublishAsync();
        deployed = await WaitForDeploymentAsync(d => d.GetProperty("commit").GetString() == polled, $"a deployment of {polled[..7]}, found by polling");
        using var again = new HttpClient { BaseAddress = new Uri(deployed.GetProperty("endpoint").GetString()!), Timeout = TimeSpan.FromSeconds(5) };
        Assert.Contains("3.1.0", await again.GetStringAsync("/index.json"));

        var log = await File.ReadAllTextAsync(beta.LogPath);
        Assert.DoesNotContain(beta.Server.Password, log);
        Assert.DoesNotContain(beta.GitHubSecret, log);
    }

    /// <summary>What GitHub sends after a push to the repository: <c>push</c> with the ref and commit, signed with the webhook's secret.</summary>
    private async Task<HttpResponseMessage> PostGitHubPushAsync(string commit)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            @ref = "refs/heads/main",
            before = new string('0', 40),
            after = commit,
            repository = new { full_name = "acme/images", clone_url = beta.RemoteUrl },
            head_commit = new { id = commit },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(beta.GitHubSecret));
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant());
        return await beta.Http("builder").SendAsync(request);
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

using System.Text.Json;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The walking skeleton end to end: a commit to the service image ends in the new digest running and healthy.</summary>
[Collection(EndToEnd.Collection)]
public sealed class CommitToRedeployTests(BetaEnvironment beta) : IClassFixture<BetaEnvironment>
{
    private const string Service = "dataplatform/status-api";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_commit_to_the_service_image_is_built_pushed_announced_and_redeployed_and_a_commit_outside_images_builds_nothing()
    {
        var first = await WaitForDeploymentAsync(_ => true, "the first deployment of the service");
        var messaging = await beta.ConnectionStringAsync("messaging");
        await using var tap = await MessageTap.StartAsync(messaging, "Platform.Contracts.ImageDigestChanged", CancellationToken.None);
        await using var pushes = await MessageTap.StartAsync(messaging, "Platform.Contracts.ImagePushed", CancellationToken.None);
        await using var deploys = await MessageTap.StartAsync(messaging, "Platform.Contracts.ServiceDeployed", CancellationToken.None);

        beta.Repository.WriteFile("images/status-api/www/index.json", """{"service": "status-api", "version": "2.0.0"}""" + "\n");
        var commit = await beta.Repository.CommitAllAsync("status-api 2.0.0");
        await CheckNowAsync();

        // Built and pushed: a new digest in the registry, recorded for this commit.
        var build = await Eventually.WaitAsync(
            ct => beta.GetListAsync("builder", "/api/builds?image=" + Service, ct),
            builds => builds.Any(b => b.GetProperty("commit").GetString() == commit),
            StepTimeout, beta.Failure($"a build of {Service} at {commit[..7]}"));
        var built = build.First(b => b.GetProperty("commit").GetString() == commit);
        Assert.True(built.GetProperty("outcome").GetString() == "Succeeded", beta.Failure($"the build failed: {built}"));
        var digest = built.GetProperty("digest").GetString()!;
        Assert.NotEqual(first.GetProperty("digest").GetString(), digest);
        Assert.Equal(digest, await beta.RegistryDigestAsync(Service, "latest"));

        // Announced once, carrying the commit and the correlation id of the build.
        var announced = await Eventually.WaitAsync(
            _ => Task.FromResult(tap.Where("digest", digest)),
            messages => messages.Count > 0,
            StepTimeout, beta.Failure($"ImageDigestChanged for {digest}"));
        Assert.Equal(Service, announced[0].GetProperty("image").GetString());
        Assert.Equal(commit, announced[0].GetProperty("commit").GetString());
        Assert.Equal(built.GetProperty("correlationId").GetString(), announced[0].GetProperty("correlationId").GetString());

        // Redeployed: the container of the new digest runs and answers; the old one is gone.
        var deployed = await WaitForDeploymentAsync(d => d.GetProperty("digest").GetString() == digest, $"a deployment of {digest}");
        var endpoint = deployed.GetProperty("endpoint").GetString()!;
        using var http = new HttpClient { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(5) };
        Assert.True((await http.GetAsync("/health")).IsSuccessStatusCode, beta.Failure($"{endpoint}/health does not answer 2xx"));
        Assert.Contains("2.0.0", await http.GetStringAsync("/index.json"));
        var containers = await beta.ManagedContainersAsync();
        var running = Assert.Single(containers);
        Assert.Equal(digest, running.Labels["dev.platform.digest"]);
        Assert.Equal("running", running.State);
        Assert.Single(tap.Where("digest", digest));

        // One trace from the commit to the redeploy: every hop of this change travelled in the same trace.
        var pushed = Assert.Single(pushes.Where("digest", digest));
        var redeployed = await Eventually.WaitAsync(
            _ => Task.FromResult(deploys.Where("digest", digest)), m => m.Count > 0, StepTimeout, beta.Failure($"ServiceDeployed for {digest}"));
        var traceId = pushes.TraceIdOf(pushed);
        Assert.False(traceId is null, "ImagePushed carried no trace context header");
        Assert.Equal(traceId, tap.TraceIdOf(announced[0]));
        Assert.Equal(traceId, deploys.TraceIdOf(redeployed[0]));

        // A commit outside the images root builds nothing.
        var buildsBefore = (await beta.GetListAsync("builder", "/api/builds?limit=1000", CancellationToken.None)).Count;
        beta.Repository.WriteFile("README.md", "Only the documentation changed.\n");
        var docsCommit = await beta.Repository.CommitAllAsync("docs only");
        await CheckNowAsync();
        await Eventually.WaitAsync(
            ct => beta.GetAsync("builder", "/api/commits", ct),
            status => status.GetProperty("lastCommit").GetString() == docsCommit,
            StepTimeout, beta.Failure($"the builder to finish a cycle for {docsCommit[..7]}"));
        var buildsAfter = await beta.GetListAsync("builder", "/api/builds?limit=1000", CancellationToken.None);
        Assert.Equal(buildsBefore, buildsAfter.Count);
    }

    [Fact]
    public async Task The_registry_watcher_restarted_announces_no_digest_a_second_time()
    {
        // Every catalogue image was announced once at the start.
        await Eventually.WaitAsync(
            ct => beta.GetListAsync("registry-watcher", "/api/watches", ct),
            watches => watches.Count == 3 && watches.All(w => w.GetProperty("announcedDigest").ValueKind == JsonValueKind.String),
            StepTimeout, beta.Failure("all three images announced"));
        await using var tap = await MessageTap.StartAsync(await beta.ConnectionStringAsync("messaging"), "Platform.Contracts.ImageDigestChanged", CancellationToken.None);

        var restartedAt = DateTimeOffset.UtcNow;
        using (var cts = new CancellationTokenSource(StepTimeout))
        {
            var result = await beta.App.ResourceCommands.ExecuteCommandAsync("registry-watcher", KnownResourceCommands.RestartCommand, cts.Token);
            Assert.True(result.Success, $"restart failed: {result.Message}");
            // Right after the command the resource may still show the state of its stop: wait for it to run again first.
            await beta.App.ResourceNotifications.WaitForResourceAsync("registry-watcher", KnownResourceStates.Running, cts.Token);
            await beta.App.ResourceNotifications.WaitForResourceHealthyAsync("registry-watcher", cts.Token);
        }

        // Two full poll cycles after the restart, each of which compared every tag with the stored digest.
        var firstCycle = await Eventually.WaitAsync(
            ct => beta.GetListAsync("registry-watcher", "/api/watches", ct),
            watches => watches.Count == 3 && watches.All(w => w.GetProperty("lastCheckedAt").ValueKind == JsonValueKind.String
                && w.GetProperty("lastCheckedAt").GetDateTimeOffset() > restartedAt),
            StepTimeout, beta.Failure("a poll cycle after the restart"));
        var firstCycleAt = firstCycle.Max(w => w.GetProperty("lastCheckedAt").GetDateTimeOffset());
        await Eventually.WaitAsync(
            ct => beta.GetListAsync("registry-watcher", "/api/watches", ct),
            watches => watches.All(w => w.GetProperty("lastCheckedAt").GetDateTimeOffset() > firstCycleAt),
            StepTimeout, beta.Failure("a second poll cycle after the restart"));

        Assert.True(tap.Messages.IsEmpty, beta.Failure($"the watcher announced again after its restart: {string.Join(", ", tap.Messages)}"));
    }

    [Fact]
    public async Task The_platform_command_finds_the_environment_and_shows_its_multi_platform_builds()
    {
        await WaitForDeploymentAsync(_ => true, "the first deployment of the service");

        // The AppHost wrote where every service answers; the command needs nothing else.
        var endpoints = JsonSerializer.Deserialize<Dictionary<string, string>>(
            await File.ReadAllTextAsync(Path.Combine(beta.DataDirectory, "endpoints.json")))!;
        Assert.Equal(beta.Http("builder").BaseAddress!.ToString().TrimEnd('/'), endpoints["builder"].TrimEnd('/'));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Platform.Cli.PlatformCommandLine.InvokeAsync(["builds", "--url", endpoints["builder"], "--image", Service], output, error, CancellationToken.None);

        Assert.True(exitCode == 0, $"platform builds failed: {error}");
        var table = output.ToString();
        Assert.Contains(Service, table);
        Assert.Contains("Succeeded", table);
        Assert.Contains("amd64,arm64", table);
    }

    [Fact]
    public async Task A_push_made_outside_the_builder_is_detected_by_the_registry_webhook()
    {
        await Eventually.WaitAsync(
            ct => beta.GetListAsync("registry-watcher", "/api/watches", ct),
            watches => watches.Count == 3 && watches.All(w => w.GetProperty("announcedDigest").ValueKind == JsonValueKind.String),
            StepTimeout, beta.Failure("all three images announced"));
        await using var tap = await MessageTap.StartAsync(await beta.ConnectionStringAsync("messaging"), "Platform.Contracts.ImageDigestChanged", CancellationToken.None);

        // An ETL image: the deployer only logs it, so the pushed test image never runs.
        using var pusher = new OciPusher((await beta.RegistryAsync()).BaseUri);
        var (digest, _) = await pusher.PushImageAsync("dataplatform/etl-weather", "latest");

        var announced = await Eventually.WaitAsync(
            _ => Task.FromResult(tap.Where("digest", digest)), m => m.Count > 0, StepTimeout, beta.Failure($"ImageDigestChanged for {digest}"));
        // DigestSource.Webhook: the registry's notification, after the grace for a builder hint that never came.
        Assert.True(announced[0].GetProperty("detectedBy").GetInt32() == 1, beta.Failure($"expected detection by webhook, saw {announced[0]}"));
        Assert.Equal("dataplatform/etl-weather", announced[0].GetProperty("image").GetString());
        // A sentinel: one more push of the tag takes the same way (the registry's notification, the grace, one observation of
        // the watch at a time), so once it is announced, whatever the first push could still announce has been announced.
        var (sentinel, _) = await pusher.PushImageAsync("dataplatform/etl-weather", "latest");
        await Eventually.WaitAsync(
            _ => Task.FromResult(tap.Where("digest", sentinel)), m => m.Count > 0, StepTimeout, beta.Failure($"ImageDigestChanged for the sentinel {sentinel}"));
        Assert.True(tap.Where("digest", digest).Count == 1, beta.Failure($"expected {digest} announced once, saw {tap.Where("digest", digest).Count} announcements"));
    }

    private async Task CheckNowAsync() =>
        (await beta.Http("builder").PostAsync("/api/commits/check", null)).EnsureSuccessStatusCode();

    private async Task<JsonElement> WaitForDeploymentAsync(Func<JsonElement, bool> match, string what)
    {
        var deployments = await Eventually.WaitAsync(
            ct => beta.GetListAsync("deployer", "/api/deployments?service=" + Service, ct),
            list => list.Any(d => d.GetProperty("outcome").GetString() == "Succeeded" && match(d)),
            BetaEnvironment.StartTimeout, beta.Failure(what));
        return deployments.First(d => d.GetProperty("outcome").GetString() == "Succeeded" && match(d));
    }
}

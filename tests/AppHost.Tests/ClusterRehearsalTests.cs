using System.Text.Json;
using Platform.AppHost.Containers;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The cluster rehearsal on the local engine (Platform:Services=containers): the loop through the services' containers, every container
/// created again on its volume without losing history, and an upgrade to newer images in the order watcher, deployer, builder.
/// </summary>
[Collection(EndToEnd.Collection)]
public sealed class ClusterRehearsalTests(ContainerBetaEnvironment beta) : IClassFixture<ContainerBetaEnvironment>
{
    private const string Service = "dataplatform/status-api";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The order of an upgrade (docs/upgrades.md): the consumer of each event before its publisher, the console last.</summary>
    private static readonly string[] UpgradeOrder = ["registry-watcher", "deployer", "builder", "console"];

    [Fact]
    public async Task A_commit_is_redeployed_through_the_service_containers_and_after_every_container_is_created_again_on_its_volume_no_history_is_lost()
    {
        await WaitForDeploymentAsync(_ => true, "the first deployment of the service by the deployer's container");
        using (var unauthorized = await beta.Http("builder").PostAsync("/api/commits/check", null))
        {
            Assert.True(unauthorized.StatusCode == System.Net.HttpStatusCode.Unauthorized,
                $"as in a pod, the builder's container must ask for the API token on loopback too; it answered {(int)unauthorized.StatusCode}");
        }

        foreach (var service in PlatformImagesForTests.Services)
        {
            var container = await beta.InspectServiceAsync(service);
            Assert.Equal($"platform/{service}:{beta.ImageTag}-{ServiceImages.Architecture}", container.Config.Image);
            Assert.Equal("host", container.HostConfig.NetworkMode);
            Assert.Contains(container.Mounts, m => m.Type == "volume" && m.Name == beta.ContainerName(service) && m.Destination == "/var/lib/platform");
            Assert.True(container.HostConfig.ReadonlyRootfs, $"{service}'s root file system is writable");
        }

        await CommitAndWaitForRedeployAsync("2.0.0");
        await using var tap = await MessageTap.StartAsync(await beta.ConnectionStringAsync("messaging"), "Platform.Contracts.ImageDigestChanged", CancellationToken.None);
        var before = await HistoryAsync();

        var restartedAt = DateTimeOffset.UtcNow;
        await RecreateAsync(UpgradeOrder);

        await AssertHistoryKeptAsync(before, restartedAt);
        Assert.True(tap.Messages.IsEmpty, beta.Failure($"the watcher announced a known digest again after its container was created again: {string.Join(", ", tap.Messages)}"));
        await CommitAndWaitForRedeployAsync("2.1.0");
    }

    [Fact]
    public async Task Newer_images_rolled_out_in_the_order_watcher_deployer_builder_keep_the_build_watch_and_deployment_state()
    {
        await WaitForDeploymentAsync(_ => true, "the first deployment of the service by the deployer's container");
        var next = $"{beta.ImageTag}-next";
        foreach (var service in PlatformImagesForTests.Services)
        {
            await TagNewerImageAsync(service, next);
        }

        var before = await HistoryAsync();
        var upgradedAt = DateTimeOffset.UtcNow;
        beta.UseImageTag(next);
        await RecreateAsync(UpgradeOrder);

        foreach (var service in PlatformImagesForTests.Services)
        {
            var container = await beta.InspectServiceAsync(service);
            Assert.Equal($"platform/{service}:{next}-{ServiceImages.Architecture}", container.Config.Image);
        }

        await AssertHistoryKeptAsync(before, upgradedAt);
        await CommitAndWaitForRedeployAsync("3.0.0");
    }

    /// <summary>A newer version of the service's image: the same program with one more label, so a different image under a newer tag.</summary>
    private async Task TagNewerImageAsync(string service, string tag)
    {
        using var context = new Platform.Testing.TempDirectory("newer-image");
        var from = $"platform/{service}:{beta.ImageTag}-{ServiceImages.Architecture}";
        var image = $"platform/{service}:{tag}-{ServiceImages.Architecture}";
        await File.WriteAllTextAsync(Path.Combine(context.Path, "Dockerfile"), $"FROM {from}\nLABEL dev.platform.rehearsal.version={tag}\n");
        beta.TaggedImages.Add(image);
        var (exit, output) = await ChildProcess.RunAsync("docker", ["build", "-q", "-t", image, context.Path], StepTimeout);
        Assert.True(exit == 0, $"docker build of {image} failed: {output}");
        Assert.NotEqual((await beta.InspectImageAsync(from)).ID, (await beta.InspectImageAsync(image)).ID);
    }

    /// <summary>Restarts each service's resource in turn: its container is removed and created again, on the same volume.</summary>
    private async Task RecreateAsync(IEnumerable<string> services)
    {
        foreach (var service in services)
        {
            var old = (await beta.InspectServiceAsync(service)).ID;
            using var cts = new CancellationTokenSource(StepTimeout);
            var result = await beta.App.ResourceCommands.ExecuteCommandAsync(service, KnownResourceCommands.RestartCommand, cts.Token);
            Assert.True(result.Success, $"restart of {service} failed: {result.Message}");
            await beta.App.ResourceNotifications.WaitForResourceAsync(service, KnownResourceStates.Running, cts.Token);
            await beta.App.ResourceNotifications.WaitForResourceHealthyAsync(service, cts.Token);
            var recreated = await Eventually.WaitAsync(
                _ => beta.InspectServiceAsync(service), c => c.ID != old && c.State.Running, StepTimeout, beta.Failure($"a new container of {service}"));
            Assert.NotEqual(old, recreated.ID);
        }
    }

    private sealed record History(IReadOnlyList<long> Builds, IReadOnlyDictionary<string, string?> Announced, IReadOnlyList<long> Deployments);

    private async Task<History> HistoryAsync()
    {
        var builds = await beta.GetListAsync("builder", "/api/builds?limit=1000", CancellationToken.None);
        var watches = await beta.GetListAsync("registry-watcher", "/api/watches", CancellationToken.None);
        var deployments = await beta.GetListAsync("deployer", "/api/deployments?limit=1000", CancellationToken.None);
        return new History(
            [.. builds.Select(b => b.GetProperty("id").GetInt64())],
            watches.ToDictionary(WatchKey, w => w.GetProperty("announcedDigest").GetString()),
            [.. deployments.Select(d => d.GetProperty("id").GetInt64())]);
    }

    /// <summary>Every build and deployment recorded before is still there, and the watcher knows the digests it announced before.</summary>
    private async Task AssertHistoryKeptAsync(History before, DateTimeOffset since)
    {
        // One poll cycle after the new containers started: each watch compared its tag with the digest it knew.
        var watches = await Eventually.WaitAsync(
            ct => beta.GetListAsync("registry-watcher", "/api/watches", ct),
            list => list.Count == before.Announced.Count
                && list.All(w => w.GetProperty("lastCheckedAt").ValueKind == JsonValueKind.String && w.GetProperty("lastCheckedAt").GetDateTimeOffset() > since),
            StepTimeout, beta.Failure("a poll cycle of the new watcher container"));
        foreach (var watch in watches)
        {
            Assert.True(before.Announced.TryGetValue(WatchKey(watch), out var digest) && digest == watch.GetProperty("announcedDigest").GetString(),
                beta.Failure($"the watch {WatchKey(watch)} announced {digest} before, now {watch.GetProperty("announcedDigest")}"));
        }

        var builds = (await beta.GetListAsync("builder", "/api/builds?limit=1000", CancellationToken.None)).Select(b => b.GetProperty("id").GetInt64()).ToHashSet();
        var lostBuilds = before.Builds.Where(id => !builds.Contains(id)).ToList();
        Assert.True(lostBuilds.Count == 0, beta.Failure($"the builder lost the builds {string.Join(", ", lostBuilds)}"));
        var deployments = (await beta.GetListAsync("deployer", "/api/deployments?limit=1000", CancellationToken.None)).Select(d => d.GetProperty("id").GetInt64()).ToHashSet();
        var lostDeployments = before.Deployments.Where(id => !deployments.Contains(id)).ToList();
        Assert.True(lostDeployments.Count == 0, beta.Failure($"the deployer lost the deployments {string.Join(", ", lostDeployments)}"));
    }

    private static string WatchKey(JsonElement watch) => $"{watch.GetProperty("registry").GetString()}/{watch.GetProperty("image").GetString()} {watch.GetProperty("watch").GetString()}";

    private async Task CommitAndWaitForRedeployAsync(string version)
    {
        beta.Repository.WriteFile("images/status-api/www/index.json", $$"""{"service": "status-api", "version": "{{version}}"}""" + "\n");
        var commit = await beta.Repository.CommitAllAsync($"status-api {version}");
        await beta.PublishAsync();
        using var check = new HttpRequestMessage(HttpMethod.Post, "/api/commits/check");
        check.Headers.Authorization = new("Bearer", await beta.ApiTokenAsync());
        (await beta.Http("builder").SendAsync(check)).EnsureSuccessStatusCode();
        var deployed = await WaitForDeploymentAsync(d => d.GetProperty("commit").GetString() == commit, $"a deployment of {commit[..7]} ({version})");
        using var http = new HttpClient { BaseAddress = new Uri(deployed.GetProperty("endpoint").GetString()!), Timeout = TimeSpan.FromSeconds(5) };
        Assert.Contains(version, await http.GetStringAsync("/index.json"));
    }

    private async Task<JsonElement> WaitForDeploymentAsync(Func<JsonElement, bool> match, string what)
    {
        var deployments = await Eventually.WaitAsync(
            ct => beta.GetListAsync("deployer", "/api/deployments?service=" + Service, ct),
            list => list.Any(d => d.GetProperty("outcome").GetString() == "Succeeded" && match(d)),
            BetaEnvironment.StartTimeout, beta.Failure(what));
        return deployments.First(d => d.GetProperty("outcome").GetString() == "Succeeded" && match(d));
    }
}

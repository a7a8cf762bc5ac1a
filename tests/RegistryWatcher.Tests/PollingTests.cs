using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// Polling as the backstop, upstream images in other registries, failing registries beside healthy ones,
/// and restarts: the watcher's own Program against real registries and broker.
/// </summary>
[Collection(WatcherServiceCollection.Name)]
public sealed class PollingTests(WatcherInfrastructure infrastructure)
{
    private const string FastPolling = "00:00:00.300";

    [Fact]
    public async Task The_upstream_image_a_dockerfile_starts_from_is_watched_in_its_own_registry()
    {
        await using var upstream = new RegistryServer();
        await upstream.StartAsync();
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure, repository =>
            WriteImage(repository, "app", $"FROM {upstream.Host}/library/python:3.12-slim\n"));
        await scenario.StartWatcherAsync(new() { ["RegistryWatcher:UpstreamPollInterval"] = FastPolling });
        using var pusher = new OciPusher(upstream.BaseUri);

        var (first, _) = await pusher.PushImageAsync("library/python", "3.12-slim");
        var announced = await scenario.WaitForAnnouncementAsync(first);
        var (second, _) = await pusher.PushImageAsync("library/python", "3.12-slim");
        var again = await scenario.WaitForAnnouncementAsync(second);

        Assert.Equal("library/python", announced.GetProperty("image").GetString());
        Assert.Equal(upstream.Host, announced.GetProperty("registry").GetString());
        Assert.Equal("3.12-slim", announced.GetProperty("tag").GetString());
        Assert.Equal(DigestSource.Poll, WatcherScenario.DetectedBy(announced));
        Assert.Equal(first, again.GetProperty("previousDigest").GetString());
        var watch = await scenario.WatchAsync("library/python");
        Assert.Equal("Upstream", watch.GetProperty("origin").GetString());
        Assert.Equal(["wt/app"], watch.GetProperty("usedBy").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("Catalogue", (await scenario.WatchAsync("wt/app")).GetProperty("origin").GetString());
    }

    [Fact]
    public async Task A_docker_hub_base_is_watched_through_the_configured_mirror_which_asks_for_a_bearer_token()
    {
        // Docker Hub itself cannot be reached here: a fake plays it, token challenge included.
        await using var hub = await FakeDockerHub.StartAsync();
        const string Digest = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
        hub.Set("library/python", "3.12-slim", Digest);
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure, repository =>
            WriteImage(repository, "app", "ARG BASE=python:3.12-slim\nFROM ${BASE}\n"));
        await scenario.StartWatcherAsync(new()
        {
            ["RegistryWatcher:UpstreamPollInterval"] = FastPolling,
            ["Registries:0:Host"] = "docker.io",
            ["Registries:0:Mirror"] = $"http://{hub.Host}",
        });

        var announced = await scenario.WaitForAnnouncementAsync(Digest);

        Assert.Equal("library/python", announced.GetProperty("image").GetString());
        Assert.Equal(hub.Host, announced.GetProperty("registry").GetString());
        Assert.Equal("3.12-slim", announced.GetProperty("tag").GetString());
        Assert.Equal(1, hub.TokensIssued);
    }

    [Fact]
    public async Task Failing_and_slow_registries_are_recorded_on_their_watches_while_the_other_watches_go_on()
    {
        await using var broken = await ScriptedRegistry.StartAsync();
        broken.Answer = async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.Contains("/team/slow/", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            else if (path.Contains("/team/garbage/", StringComparison.Ordinal))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"tags\": [oops");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        };
        await using var quiet = new RegistryServer();
        await quiet.StartAsync();
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new()
        {
            ["RegistryWatcher:PollInterval"] = FastPolling,
            ["RegistryClient:RequestTimeout"] = "00:00:01",
            ["RegistryWatcher:Watches:0:Reference"] = $"{broken.Host}/team/broken:latest",
            ["RegistryWatcher:Watches:1:Reference"] = $"{broken.Host}/team/slow:latest",
            ["RegistryWatcher:Watches:2:Reference"] = $"{broken.Host}/team/garbage",
            ["RegistryWatcher:Watches:2:Policy"] = "regex",
            ["RegistryWatcher:Watches:2:Pattern"] = @"build-(\d+)",
            ["RegistryWatcher:Watches:3:Reference"] = $"{quiet.Host}/team/polled:latest",
        });
        using var pusher = new OciPusher(quiet.BaseUri);

        var (first, _) = await pusher.PushImageAsync("team/polled", "latest");
        Assert.Equal(DigestSource.Poll, WatcherScenario.DetectedBy(await scenario.WaitForAnnouncementAsync(first)));
        var (second, _) = await pusher.PushImageAsync("team/polled", "latest");
        await scenario.WaitForAnnouncementAsync(second);

        var watches = await Eventually.WaitAsync(
            _ => scenario.WatchesAsync(),
            list => list.Count(w => w.GetProperty("lastError").ValueKind == JsonValueKind.String) == 3,
            WatcherScenario.StepTimeout,
            scenario.Failure("errors on the three watches of the failing registry"));
        string ErrorOf(string image) => watches.Single(w => w.GetProperty("image").GetString() == image).GetProperty("lastError").GetString()!;
        Assert.Contains($"registry {broken.Host} answered 500", ErrorOf("team/broken"));
        Assert.Contains("team/broken:latest", ErrorOf("team/broken"));
        Assert.Contains($"registry {broken.Host} did not answer in time for team/slow:latest", ErrorOf("team/slow"));
        Assert.Contains($"registry {broken.Host} answered an unreadable tag list for team/garbage", ErrorOf("team/garbage"));
        var polled = watches.Single(w => w.GetProperty("image").GetString() == "team/polled");
        Assert.Equal(JsonValueKind.Null, polled.GetProperty("lastError").ValueKind);
        Assert.Equal(second, polled.GetProperty("announcedDigest").GetString());
        Assert.Equal(JsonValueKind.String, polled.GetProperty("nextCheckAt").ValueKind);
    }

    [Fact]
    public async Task A_restarted_watcher_announces_nothing_twice_and_a_push_made_while_it_was_down_once()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        var settings = new Dictionary<string, string>
        {
            ["RegistryWatcher:Watches:0:Image"] = "team/app",
            ["RegistryWatcher:Watches:1:Image"] = "team/other",
            ["RegistryWatcher:PollInterval"] = FastPolling,
        };
        await scenario.StartWatcherAsync(settings);
        using var pusher = scenario.Pusher;
        var (app, _) = await pusher.PushImageAsync("team/app", "latest");
        await scenario.WaitForAnnouncementAsync(app);

        await scenario.StopWatcherAsync();
        var (other, _) = await pusher.PushImageAsync("team/other", "latest");
        var restartedAt = DateTimeOffset.UtcNow;
        await scenario.StartWatcherAsync();

        await scenario.WaitForAnnouncementAsync(other);
        // Two poll cycles after the restart, and the registry's notification of the first push delivered again.
        await Eventually.WaitAsync(
            _ => scenario.WatchesAsync(),
            list => list.All(w => w.GetProperty("lastCheckedAt").ValueKind == JsonValueKind.String
                && w.GetProperty("lastCheckedAt").GetDateTimeOffset() > restartedAt + TimeSpan.FromSeconds(0.7)),
            WatcherScenario.StepTimeout,
            scenario.Failure("two poll cycles after the restart"));
        using var replay = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("replayed", "push", "team/app", "latest", app));
        replay.EnsureSuccessStatusCode();

        Assert.Single(scenario.Announcements.Where("digest", app));
        Assert.Single(scenario.Announcements.Where("digest", other));
        Assert.Equal(2, scenario.Announcements.Messages.Count);
    }

    private static void WriteImage(TempGitRepository repository, string folder, string dockerfile)
    {
        repository.WriteFile($"images/{folder}/image.yaml", $"name: wt/{folder}\n");
        repository.WriteFile($"images/{folder}/Dockerfile", dockerfile);
    }
}

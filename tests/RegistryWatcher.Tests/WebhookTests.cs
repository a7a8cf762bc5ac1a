using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// The watcher's webhooks end to end: a real docker-registry notifies the watcher's own Program on a real
/// port, announcements go out on a real broker. Polling is set to an hour, so only a webhook can see a push.
/// </summary>
[Collection(WatcherServiceCollection.Name)]
public sealed class WebhookTests(WatcherInfrastructure infrastructure)
{
    private static readonly Dictionary<string, string> WatchTeamApp = new()
    {
        ["RegistryWatcher:Watches:0:Image"] = "team/app",
        ["RegistryWatcher:Watches:0:Tag"] = "latest",
    };

    [Fact]
    public async Task A_push_to_the_registry_is_announced_by_its_webhook_within_a_second_and_a_re_push_again()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(WatchTeamApp);
        using var pusher = scenario.Pusher;

        var watch = Stopwatch.StartNew();
        var (first, _) = await pusher.PushImageAsync("team/app", "latest");
        var announced = await scenario.WaitForAnnouncementAsync(first);
        var latency = watch.Elapsed;
        var (second, _) = await pusher.PushImageAsync("team/app", "latest");
        var again = await scenario.WaitForAnnouncementAsync(second);

        Assert.Equal(DigestSource.Webhook, WatcherScenario.DetectedBy(announced));
        Assert.Equal("team/app", announced.GetProperty("image").GetString());
        Assert.Equal(scenario.Registry.Host, announced.GetProperty("registry").GetString());
        Assert.Equal("latest", announced.GetProperty("tag").GetString());
        Assert.True(latency < TimeSpan.FromSeconds(1), scenario.Failure($"the push was announced after {latency.TotalMilliseconds:F0} ms"));
        Assert.Equal(first, again.GetProperty("previousDigest").GetString());
        Assert.Equal(2, scenario.Announcements.Messages.Count);
    }

    [Fact]
    public async Task Webhooks_without_the_secret_or_with_a_wrong_one_answer_401_and_publish_nothing()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(WatchTeamApp);
        var digest = "sha256:" + new string('a', 64);
        var body = WatcherScenario.Event("evt-1", "push", "team/app", "latest", digest);

        using var missing = await scenario.PostWebhookAsync("/api/webhooks/distribution", body, secret: null);
        using var wrong = await scenario.PostWebhookAsync("/api/webhooks/distribution", body, secret: WatcherScenario.Secret + "x");
        using var hubMissing = await scenario.PostWebhookAsync("/api/webhooks/dockerhub", """{"push_data":{"tag":"latest"},"repository":{"repo_name":"team/app"}}""", secret: null, "application/json");
        using var hubWrong = await scenario.PostWebhookAsync("/api/webhooks/dockerhub?secret=nope", """{"push_data":{"tag":"latest"},"repository":{"repo_name":"team/app"}}""", secret: null, "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hubMissing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hubWrong.StatusCode);

        // The right secret is accepted, so the refusals above were about the secret alone.
        using var accepted = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("evt-2", "push", "team/other", "latest", digest));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // A real push afterwards is the sentinel: once it is announced, everything sent before it was handled.
        var (sentinel, _) = await scenario.Pusher.PushImageAsync("team/app", "latest");
        await scenario.WaitForAnnouncementAsync(sentinel);
        Assert.True(scenario.Announcements.Messages.Count == 1, scenario.Failure($"expected only the sentinel's announcement, saw: {string.Join(", ", scenario.Announcements.Messages)}"));
        // The watch records the announcement right after publishing it.
        await Eventually.WaitAsync(
            async ct => (await scenario.WatchAsync("team/app")).GetProperty("announcedDigest").GetString() == sentinel,
            WatcherScenario.StepTimeout, scenario.Failure($"the watch of team/app to record {sentinel} as announced"));
    }

    [Fact]
    public async Task Pull_events_blob_pushes_and_a_delivery_seen_before_announce_nothing_and_a_body_over_the_limit_is_refused()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new(WatchTeamApp) { ["RegistryWatcher:Webhooks:MaxBodyBytes"] = "4096" });
        // The pull and the blob name digests of their own, so that the push after them is also the sentinel: once it is
        // announced, the watch has handled them, and an announcement of theirs would be there before it.
        var pulled = "sha256:" + new string('a', 64);
        var blobDigest = "sha256:" + new string('e', 64);
        var digest = "sha256:" + new string('b', 64);

        using var pull = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("evt-pull", "pull", "team/app", "latest", pulled));
        using var blob = await scenario.PostWebhookAsync("/api/webhooks/distribution",
            WatcherScenario.Event("evt-blob", "push", "team/app", null, blobDigest, "application/octet-stream"));

        using var push = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("evt-push", "push", "team/app", "latest", digest));
        using var again = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("evt-push", "push", "team/app", "latest", digest));
        using var huge = await scenario.PostWebhookAsync("/api/webhooks/distribution", new string(' ', 5000) + WatcherScenario.Event("evt-3", "push", "team/app", "latest", digest));
        using var garbage = await scenario.PostWebhookAsync("/api/webhooks/distribution", "{\"events\": [");

        await scenario.WaitForAnnouncementAsync(digest);
        Assert.Equal(1, JsonDocument.Parse(await pull.Content.ReadAsStringAsync()).RootElement.GetProperty("ignored").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(await blob.Content.ReadAsStringAsync()).RootElement.GetProperty("ignored").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(await push.Content.ReadAsStringAsync()).RootElement.GetProperty("sightings").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var announced = Assert.Single(scenario.Announcements.Messages);
        Assert.True(announced.GetProperty("digest").GetString() == digest, scenario.Failure($"a pull event or a blob push was announced: {announced}"));
    }

    [Fact]
    public async Task Copies_of_one_delivery_sent_at_once_make_one_sighting_and_the_others_duplicates()
    {
        // Found by the load run (bench/run.sh load-webhooks): a registry that retries while the first delivery is handled.
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(WatchTeamApp);
        var digest = "sha256:" + new string('c', 64);
        var body = WatcherScenario.Event("evt-copied", "push", "team/app", "latest", digest);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await scenario.PostWebhookAsync("/api/webhooks/distribution", body);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        })).WaitAsync(WatcherScenario.StepTimeout);

        await scenario.WaitForAnnouncementAsync(digest);
        Assert.Equal(1, answers.Sum(a => a.GetProperty("sightings").GetInt32()));
        Assert.Equal(7, answers.Sum(a => a.GetProperty("duplicates").GetInt32()));
        // A sentinel delivery of the same watch: once it is announced, the copies have all been handled.
        var sentinel = "sha256:" + new string('f', 64);
        using var next = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("evt-sentinel", "push", "team/app", "latest", sentinel));
        await scenario.WaitForAnnouncementAsync(sentinel);
        AssertAnnounced(scenario, digest, sentinel);
    }

    [Fact]
    public async Task A_multi_arch_index_push_is_announced_with_the_digest_of_the_index()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(WatchTeamApp);
        using var pusher = scenario.Pusher;

        var index = await pusher.PushIndexAsync("team/app", "latest");

        var announced = await scenario.WaitForAnnouncementAsync(index);
        Assert.Equal("latest", announced.GetProperty("tag").GetString());
        // A sentinel push of the tag: once it is announced, every notification of the index's push has been handled.
        var (sentinel, _) = await pusher.PushImageAsync("team/app", "latest");
        await scenario.WaitForAnnouncementAsync(sentinel);
        AssertAnnounced(scenario, index, sentinel);
    }

    private static void AssertAnnounced(WatcherScenario scenario, params string[] expected)
    {
        var digests = scenario.Announcements.Messages.Select(m => m.GetProperty("digest").GetString()).ToList();
        Assert.True(digests.SequenceEqual(expected), scenario.Failure($"expected the announcements [{string.Join(", ", expected)}], saw [{string.Join(", ", digests)}]"));
    }

    [Fact]
    public async Task A_docker_hub_style_webhook_carries_no_digest_and_is_confirmed_with_one_HEAD_of_the_tag()
    {
        // A registry that sends no notifications of its own, standing in for Docker Hub.
        await using var hub = new RegistryServer();
        await hub.StartAsync();
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new() { ["RegistryWatcher:Watches:0:Reference"] = $"{hub.Host}/team/tool:stable" });
        using var pusher = new OciPusher(hub.BaseUri);
        var (digest, _) = await pusher.PushImageAsync("team/tool", "stable");
        var path = $"/api/webhooks/dockerhub?registry={hub.Host}&secret={WatcherScenario.Secret}";

        using var unwatched = await scenario.PostWebhookAsync(path, """{"push_data":{"tag":"stable"},"repository":{"repo_name":"team/unwatched"}}""", null, "application/json");
        using var watched = await scenario.PostWebhookAsync(path, """{"push_data":{"tag":"stable"},"repository":{"repo_name":"team/tool"}}""", null, "application/json");

        var announced = await scenario.WaitForAnnouncementAsync(digest);
        Assert.Equal(DigestSource.Webhook, WatcherScenario.DetectedBy(announced));
        Assert.Equal(hub.Host, announced.GetProperty("registry").GetString());
        Assert.Equal(0, JsonDocument.Parse(await unwatched.Content.ReadAsStringAsync()).RootElement.GetProperty("confirmed").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(await watched.Content.ReadAsStringAsync()).RootElement.GetProperty("confirmed").GetInt32());
        Assert.Single(scenario.Announcements.Messages);
    }

    [Fact]
    public async Task A_catalogue_tag_pushed_twice_during_the_builder_hint_grace_is_announced_once_at_its_last_digest()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure, repository =>
        {
            repository.WriteFile("images/app/image.yaml", "name: wt/app\n");
            repository.WriteFile("images/app/Dockerfile", "FROM scratch\n");
        });
        await scenario.StartWatcherAsync(new() { ["RegistryWatcher:BuilderHintGrace"] = "00:00:01" });
        using var pusher = scenario.Pusher;

        // The poll at start must be over before the pushes (the next is an hour away), or it could see them first.
        await Eventually.WaitAsync(
            async _ => (await scenario.WatchAsync("wt/app")).GetProperty("lastCheckedAt").ValueKind == JsonValueKind.String,
            WatcherScenario.StepTimeout, scenario.Failure("the first poll of wt/app"));

        // As the builder pushes a multi-arch tag: a platform image first, then the index, under the same tag.
        var watch = Stopwatch.StartNew();
        await pusher.PushImageAsync("wt/app", "latest");
        var index = await pusher.PushIndexAsync("wt/app", "latest");
        var announced = await scenario.WaitForAnnouncementAsync(index);
        var waited = watch.Elapsed;
        // A sentinel: one more push of the tag takes the same way (webhook, grace, one observation of the watch at a time),
        // so once it is announced, whatever the two pushes before it could still announce has been announced.
        var (sentinel, _) = await pusher.PushImageAsync("wt/app", "latest");
        await scenario.WaitForAnnouncementAsync(sentinel);

        Assert.Equal(DigestSource.Webhook, WatcherScenario.DetectedBy(announced));
        Assert.True(waited >= TimeSpan.FromSeconds(0.9), $"announced after {waited.TotalMilliseconds:F0} ms, before the grace for the builder's hint");
        AssertAnnounced(scenario, index, sentinel);
    }

    [Fact]
    public async Task A_semver_watch_announces_a_higher_version_in_range_and_ignores_lower_ones_pre_releases_and_other_majors()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new()
        {
            ["RegistryWatcher:Watches:0:Image"] = "team/lib",
            ["RegistryWatcher:Watches:0:Policy"] = "semver",
            ["RegistryWatcher:Watches:0:Range"] = "^1.2",
        });
        using var pusher = scenario.Pusher;

        var (v120, _) = await pusher.PushImageAsync("team/lib", "1.2.0");
        var first = await scenario.WaitForAnnouncementAsync(v120);
        var (v130, _) = await pusher.PushImageAsync("team/lib", "v1.3.0");
        var second = await scenario.WaitForAnnouncementAsync(v130);
        await pusher.PushImageAsync("team/lib", "1.2.9");
        await pusher.PushImageAsync("team/lib", "1.4.0-rc.1");
        await pusher.PushImageAsync("team/lib", "2.0.0");
        var (v131, _) = await pusher.PushImageAsync("team/lib", "1.3.1");
        var third = await scenario.WaitForAnnouncementAsync(v131);

        Assert.Equal("1.2.0", first.GetProperty("tag").GetString());
        Assert.Equal("v1.3.0", second.GetProperty("tag").GetString());
        Assert.Equal("1.3.1", third.GetProperty("tag").GetString());
        Assert.Equal(v130, third.GetProperty("previousDigest").GetString());
        Assert.Equal(3, scenario.Announcements.Messages.Count);
        var watch = await scenario.WatchAsync("team/lib");
        Assert.Equal("semver", watch.GetProperty("policy").GetString());
        Assert.Equal("1.3.1", watch.GetProperty("tag").GetString());
    }
}

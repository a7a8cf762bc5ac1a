using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Registry;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// A registry whose answers are wrong (a digest that is not one, a tag list too large, a 503 storm) beside a real
/// registry, watched by the watcher's own Program: each bad answer is its watch's error naming the registry and
/// the image, nothing of it is announced, and the other watch is still checked and announced.
/// </summary>
[Collection(WatcherServiceCollection.Name)]
public sealed class BadRegistryWatchTests(WatcherInfrastructure infrastructure)
{
    [Fact]
    public async Task Wrong_digests_huge_tag_lists_and_503_storms_are_errors_of_their_watches_and_the_other_watch_is_announced()
    {
        await using var broken = await ScriptedRegistry.StartAsync();
        broken.Answer = async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.Contains("/team/wrong-digest/", StringComparison.Ordinal))
            {
                context.Response.ContentType = ManifestMediaTypes.OciManifest;
                context.Response.Headers["Docker-Content-Digest"] = "sha256:not-a-digest";
            }
            else if (path.Contains("/team/huge/", StringComparison.Ordinal))
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 1L << 30;
                await context.Response.WriteAsync("{\"tags\":[", context.RequestAborted);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
        };
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new()
        {
            ["RegistryWatcher:PollInterval"] = "00:00:00.300",
            ["RegistryClient:BackoffBase"] = "00:00:00.010",
            ["RegistryWatcher:Watches:0:Reference"] = $"{broken.Host}/team/wrong-digest:latest",
            ["RegistryWatcher:Watches:1:Reference"] = $"{broken.Host}/team/huge",
            ["RegistryWatcher:Watches:1:Policy"] = "semver",
            ["RegistryWatcher:Watches:1:Range"] = "^1",
            ["RegistryWatcher:Watches:2:Reference"] = $"{broken.Host}/team/storm:latest",
            ["RegistryWatcher:Watches:3:Image"] = "team/fine",
            ["RegistryWatcher:Watches:3:Tag"] = "latest",
        });
        using var pusher = scenario.Pusher;

        var (digest, _) = await pusher.PushImageAsync("team/fine", "latest");
        await scenario.WaitForAnnouncementAsync(digest);
        var watches = await Eventually.WaitAsync(
            _ => scenario.WatchesAsync(),
            list => list.Count(w => w.GetProperty("lastError").ValueKind == JsonValueKind.String) == 3,
            WatcherScenario.StepTimeout,
            scenario.Failure("errors on the three watches of the broken registry"));

        string ErrorOf(string image) => watches.Single(w => w.GetProperty("image").GetString() == image).GetProperty("lastError").GetString()!;
        Assert.Contains($"registry {broken.Host} answered HEAD team/wrong-digest:latest with a Docker-Content-Digest that is not a digest: 'sha256:not-a-digest'",
            ErrorOf("team/wrong-digest"), StringComparison.Ordinal);
        Assert.Contains($"registry {broken.Host} answered a page of the tag list of team/huge larger than 16 MiB", ErrorOf("team/huge"), StringComparison.Ordinal);
        Assert.Contains($"registry {broken.Host} answered 503", ErrorOf("team/storm"), StringComparison.Ordinal);
        Assert.Contains("team/storm:latest", ErrorOf("team/storm"), StringComparison.Ordinal);
        var announced = Assert.Single(scenario.Announcements.Messages);
        Assert.Equal(("team/fine", digest), (announced.GetProperty("image").GetString(), announced.GetProperty("digest").GetString()));
    }
}

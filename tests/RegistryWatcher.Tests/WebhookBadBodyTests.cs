using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// The bad-input corpus of webhook bodies, posted to the watcher's own Program on a real port: every body of the
/// wrong shape answers 400 with a reason that names the field, never 500, and the watcher goes on announcing.
/// </summary>
[Collection(WatcherServiceCollection.Name)]
public sealed class WebhookBadBodyTests(WatcherInfrastructure infrastructure)
{
    private const string Distribution = "/api/webhooks/distribution";
    private const string DockerHub = "/api/webhooks/dockerhub?secret=" + WatcherScenario.Secret;
    private const string EventsJson = "application/vnd.docker.distribution.events.v1+json";
    private static readonly string Digest = "sha256:" + new string('c', 64);

    /// <summary>Path, body, status expected, and what the reason (the problem's detail) must say.</summary>
    private static TheoryData<string, string, int, string> Bodies => new()
    {
        { Distribution, """{"events":[1]}""", 400, "not a distribution notification: events[0] is a number, not an event object" },
        { Distribution, """{"events":[null]}""", 400, "events[0] is null, not an event object" },
        { Distribution, """{"events":"push"}""", 400, "\"events\" is a string, not an array" },
        { Distribution, """{"events":null}""", 400, "\"events\" is null, not an array" },
        { Distribution, """{"events":{"0":{}}}""", 400, "\"events\" is an object, not an array" },
        { Distribution, "{}", 400, "the body has no \"events\" array" },
        { Distribution, "null", 400, "the body is null, not an object with an \"events\" array" },
        { Distribution, "[]", 400, "the body is an array, not an object" },
        { Distribution, "42", 400, "the body is a number, not an object" },
        { Distribution, "", 400, "the body is empty" },
        { Distribution, "  \n ", 400, "the body is empty" },
        { Distribution, """{"events":[{"action":"push"}]}""", 400, "events[0].target is missing" },
        { Distribution, """{"events":[{"action":"push","target":"team/app"}]}""", 400, "events[0].target is a string, not an object" },
        { Distribution, """{"events":[{"action":5,"target":{}}]}""", 400, "events[0].action is a number, not a string" },
        { Distribution, """{"events":[{"target":{}}]}""", 400, "events[0].action is missing" },
        { Distribution, """{"events":[{"id":[],"action":"push","target":{}}]}""", 400, "events[0].id is an array, not a string" },
        { Distribution, Push("\"digest\":7"), 400, "events[1].target.digest is a number, not a string" },
        { Distribution, Push("\"digest\":\"sha256:zz\""), 400, "events[1].target.digest 'sha256:zz' is not a digest" },
        { Distribution, Push("\"digest\":\"sha256:" + new string('a', 63) + "\""), 400, "is not a digest (algorithm:hex, sha256 with 64 hex digits)" },
        { Distribution, Push("\"tag\":\"../latest\""), 400, "events[1].target.tag '../latest' is not a tag" },
        { Distribution, Push("\"tag\":\"" + new string('t', 500) + "\""), 400, "events[1].target.tag '" + new string('t', 77) + "...' is not a tag" },
        { Distribution, Push("\"tag\":true"), 400, "events[1].target.tag is a boolean, not a string" },
        { Distribution, Push("\"tag\":\"\\ud800\""), 400, "events[1].target.tag is not valid Unicode text" },
        { Distribution, Push("\"repository\":\"Team/App\""), 400, "events[1].target.repository 'Team/App' is not a repository name" },
        { Distribution, Push("\"mediaType\":{}"), 400, "events[1].target.mediaType is an object, not a string" },
        { Distribution, """{"events":[{"action":"push","timestamp":"yesterday","target":{}}]}""", 400, "events[0].timestamp 'yesterday' is not a date and time" },
        { Distribution, new string('[', 100) + new string(']', 100), 400, "the body is not JSON: " },
        { Distribution, """{"events":[""", 400, "the body is not JSON: " },
        { Distribution + "?registry=not%20a%20host", Push(""), 400, "?registry='not a host' is not a registry host" },
        { DockerHub, "null", 400, "not a Docker Hub webhook: the body is null, not an object with push_data and repository" },
        { DockerHub, "[]", 400, "the body is an array, not an object" },
        { DockerHub, "", 400, "the body is empty" },
        { DockerHub, """{"repository":{"repo_name":"team/app"}}""", 400, "push_data is missing" },
        { DockerHub, """{"push_data":[],"repository":{"repo_name":"team/app"}}""", 400, "push_data is an array, not an object" },
        { DockerHub, """{"push_data":{"tag":1},"repository":{"repo_name":"team/app"}}""", 400, "push_data.tag is a number, not a string" },
        { DockerHub, """{"push_data":{"tag":"latest"}}""", 400, "repository is missing" },
        { DockerHub, """{"push_data":{"tag":"latest"},"repository":{"repo_name":null}}""", 400, "repository.repo_name is missing" },
        { DockerHub, """{"push_data":{"tag":"latest"},"repository":{"repo_name":"Team/App"}}""", 400, "repository.repo_name 'Team/App' is not a repository name" },
        { DockerHub, """{"push_data":{"tag":"no tag"},"repository":{"repo_name":"team/app"}}""", 400, "push_data.tag 'no tag' is not a tag" },
        { DockerHub + "&registry=a/b", """{"push_data":{"tag":"latest"},"repository":{"repo_name":"team/app"}}""", 400, "?registry='a/b' is not a registry host" },
    };

    [Fact]
    public async Task Every_body_of_the_wrong_shape_answers_400_with_a_reason_naming_the_field_and_the_watcher_still_announces_a_push()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new() { ["RegistryWatcher:Watches:0:Image"] = "team/app", ["RegistryWatcher:Watches:0:Tag"] = "latest" });

        var wrong = new List<string>();
        foreach (var row in Bodies)
        {
            var (path, body, status, reason) = ((string)row[0], (string)row[1], (int)row[2], (string)row[3]);
            var (seenStatus, detail) = await PostAsync(scenario, path, Encoding.UTF8.GetBytes(body));
            if (seenStatus != status || !detail.Contains(reason, StringComparison.Ordinal))
            {
                wrong.Add($"POST {path} {Shorten(body)}: expected {status} '{reason}', got {seenStatus} '{detail}'");
            }
        }

        // Bytes that are no UTF-8 at all, to both webhooks.
        var before = "{\"events\":[{\"action\":\"push\",\"target\":{\"tag\":\"caf"u8.ToArray();
        byte[] latin1 = [.. before, 0xE9, .. "\"}}]}"u8];
        var invalid = $"the body is not valid UTF-8 (at byte {before.Length})";
        foreach (var path in new[] { Distribution, DockerHub })
        {
            var (seenStatus, detail) = await PostAsync(scenario, path, latin1);
            if (seenStatus != 400 || !detail.Contains(invalid, StringComparison.Ordinal))
            {
                wrong.Add($"POST {path} with a Latin-1 byte: expected 400 '{invalid}', got {seenStatus} '{detail}'");
            }
        }

        Assert.True(wrong.Count == 0, scenario.Failure(string.Join("\n", wrong)));
        Assert.True(scenario.Announcements.Messages.IsEmpty, scenario.Failure("a refused body was announced"));
        Assert.DoesNotContain("Unhandled exception", await File.ReadAllTextAsync(scenario.LogPath), StringComparison.OrdinalIgnoreCase);

        // The same watcher still takes a good delivery.
        using var good = await scenario.PostWebhookAsync(Distribution, WatcherScenario.Event("evt-good", "push", "team/app", "latest", Digest));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await scenario.WaitForAnnouncementAsync(Digest);
    }

    [Fact]
    public async Task A_wrong_content_type_answers_415_and_a_body_over_the_limit_413_as_before()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new() { ["RegistryWatcher:Webhooks:MaxBodyBytes"] = "1024" });

        var (plain, plainReason) = await PostAsync(scenario, Distribution, Encoding.UTF8.GetBytes(Push("")), "text/plain");
        var (huge, hugeReason) = await PostAsync(scenario, DockerHub, new byte[64 * 1024]);

        Assert.Equal((415, 413), (plain, huge));
        Assert.Contains("content type 'text/plain' is not application/vnd.docker.distribution.events.v1+json", plainReason, StringComparison.Ordinal);
        Assert.Contains("the body is larger than 1024 bytes (RegistryWatcher:Webhooks:MaxBodyBytes)", hugeReason, StringComparison.Ordinal);
    }

    /// <summary>A delivery whose first event is good and whose second has <paramref name="target"/> fields replaced.</summary>
    private static string Push(string target)
    {
        var fields = new Dictionary<string, string>
        {
            ["mediaType"] = "\"application/vnd.oci.image.manifest.v1+json\"", ["digest"] = $"\"{Digest}\"", ["repository"] = "\"team/app\"", ["tag"] = "\"latest\"",
        };
        foreach (var field in target.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = field.IndexOf(':');
            fields[field[..colon].Trim('"')] = field[(colon + 1)..];
        }

        var good = """{"id":"evt-1","action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"DIGEST","repository":"team/app","tag":"latest"}}"""
            .Replace("DIGEST", Digest, StringComparison.Ordinal);
        var bad = "{\"id\":\"evt-2\",\"action\":\"push\",\"target\":{" + string.Join(',', fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}}";
        return $$"""{"events":[{{good}},{{bad}}]}""";
    }

    private static async Task<(int Status, string Detail)> PostAsync(WatcherScenario scenario, string path, byte[] body, string contentType = EventsJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(path.StartsWith(DockerHub, StringComparison.Ordinal) ? "application/json" : contentType);
        if (!path.StartsWith(DockerHub, StringComparison.Ordinal))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WatcherScenario.Secret);
        }

        using var response = await scenario.Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var problem = JsonDocument.Parse(text);
            return ((int)response.StatusCode, problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : text);
        }
        catch (JsonException)
        {
            return ((int)response.StatusCode, text);
        }
    }

    private static string Shorten(string body) => body.Length <= 60 ? body : body[..57] + "...";
}

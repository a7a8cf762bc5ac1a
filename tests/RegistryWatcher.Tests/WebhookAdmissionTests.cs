using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// The webhooks' admission limit, on the watcher's own Program and a real port: requests beyond the ones handled
/// and queued are refused at once with 503 and Retry-After (a registry sends them again), and nothing is lost.
/// </summary>
[Collection(WatcherServiceCollection.Name)]
public sealed class WebhookAdmissionTests(WatcherInfrastructure infrastructure)
{
    [Fact]
    public async Task Beyond_the_requests_handled_and_queued_a_webhook_answers_503_with_Retry_After_and_the_held_ones_are_still_handled()
    {
        await using var scenario = await WatcherScenario.CreateAsync(infrastructure);
        await scenario.StartWatcherAsync(new()
        {
            ["RegistryWatcher:Watches:0:Image"] = "team/app",
            ["RegistryWatcher:Webhooks:MaxConcurrentRequests"] = "1",
            ["RegistryWatcher:Webhooks:MaxQueuedRequests"] = "1",
        });
        var digest = "sha256:" + new string('d', 64);
        var body = Encoding.UTF8.GetBytes(WatcherScenario.Event("evt-held", "push", "team/app", "latest", digest));

        // Two senders whose bodies are not all there yet: the first holds the one permit (its handler reads the body), the second waits in the queue.
        using var handled = await SlowSender.StartAsync(scenario.WatcherPort, body);
        await Task.Delay(300);
        using var queued = await SlowSender.StartAsync(scenario.WatcherPort, body);
        await Task.Delay(300);
        using var refused = await scenario.PostWebhookAsync("/api/webhooks/distribution", Encoding.UTF8.GetString(body)).WaitAsync(WatcherScenario.StepTimeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta == TimeSpan.FromSeconds(1), scenario.Failure($"expected Retry-After: 1, saw {refused.Headers.RetryAfter}"));

        var first = await handled.FinishAsync().WaitAsync(WatcherScenario.StepTimeout);
        var second = await queued.FinishAsync().WaitAsync(WatcherScenario.StepTimeout);
        Assert.True(first.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), scenario.Failure($"the held request answered {first}"));
        Assert.True(second.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), scenario.Failure($"the queued request answered {second}"));
        Assert.Contains("\"sightings\":1", first);
        Assert.Contains("\"duplicates\":1", second);
        await scenario.WaitForAnnouncementAsync(digest);

        // Once the flood is over, the next request is handled again.
        using var later = await scenario.PostWebhookAsync("/api/webhooks/distribution", WatcherScenario.Event("evt-later", "pull", "team/app", "latest", digest));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await later.Content.ReadAsStringAsync()).RootElement.GetProperty("ignored").GetInt32());
        Assert.Single(scenario.Announcements.Messages);
    }

    /// <summary>A sender on a raw connection that sends the headers and the first bytes of the body, and the rest only when told.</summary>
    private sealed class SlowSender(TcpClient client, NetworkStream stream, byte[] body) : IDisposable
    {
        public static async Task<SlowSender> StartAsync(int port, byte[] body)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var head = "POST /api/webhooks/distribution HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                $"Authorization: Bearer {WatcherScenario.Secret}\r\nContent-Type: application/vnd.docker.distribution.events.v1+json\r\n" +
                $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, 10));
            await stream.FlushAsync();
            return new SlowSender(client, stream, body);
        }

        /// <summary>Sends the rest of the body; returns the whole answer.</summary>
        public async Task<string> FinishAsync()
        {
            await stream.WriteAsync(body.AsMemory(10));
            await stream.FlushAsync();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }

        public void Dispose() => client.Dispose();
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Contracts;
using Platform.Deployer.Notifications;
using Platform.Deployer.Tests.Promotions;
using Platform.Testing;

namespace Platform.Deployer.Tests.Notifications;

/// <summary>
/// Two real deployers (beta and prod) with the same <c>Deployer:Notify</c> settings, on the real engine, registry and broker, telling
/// local receivers on 127.0.0.1: a Slack receiver that checks the shape Slack documents (and answers 503 once), a signed webhook, and
/// one that never answers.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class TeamNotificationTests(DeployerFixture fixture)
{
    private const string Token = "T0001/B0001/s3cr3tWebhookPathToken";
    private const string Key = "the-signing-key-of-this-test-0123";
    private static readonly TimeSpan Rollout = TimeSpan.FromSeconds(40);

    [Fact(Timeout = 150_000)]
    public async Task The_team_hears_once_of_a_rollback_in_beta_with_its_log_lines_of_the_promotion_to_prod_and_of_a_failing_build_and_a_silent_receiver_holds_nothing_up()
    {
        await using var slack = await LocalReceiver.StartAsync(slack: true, answers: [503]);
        await using var hook = await LocalReceiver.StartAsync();
        await using var silent = await LocalReceiver.StartAsync(hang: true);
        var settings = new Dictionary<string, string?>
        {
            ["Deployer:Notify:Receivers:team:Url"] = $"{slack.BaseUrl}/services/{Token}",
            ["Deployer:Notify:Receivers:audit:Kind"] = "webhook",
            ["Deployer:Notify:Receivers:audit:Url"] = $"{hook.BaseUrl}/platform/{Token}",
            ["Deployer:Notify:Receivers:audit:Secret"] = Key,
            ["Deployer:Notify:Receivers:audit:Events:0"] = "rolled-back,promoted",
            ["Deployer:Notify:Receivers:pager:Url"] = $"{silent.BaseUrl}/services/{Token}",
            ["Deployer:Notify:RetryDelay"] = "00:00:00.200",
            ["Deployer:Notify:Timeout"] = "00:00:02",
        };
        await using var environments = await TwoEnvironments.StartAsync(fixture, "{ from: BETA, after: 2s }", settings);

        await environments.AnnounceAsync(fixture.Images.V1, "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        await environments.WaitServingAsync(environments.Prod, fixture.Images.V1, Rollout);
        var clock = Stopwatch.StartNew();
        await environments.AnnounceAsync(fixture.Images.Unhealthy, "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        await Eventually.WaitAsync(_ => Task.FromResult(Titles(slack)), titles => titles.Contains($"Rolled back: web in {environments.Beta}"), Rollout,
            "the Slack receiver to hear of the rollback in beta");
        // The rollout waited only for the unhealthy container (health timeout 15 s), not for the receiver that never answers.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the rollback was told {clock.Elapsed} after the change");
        Assert.Equal(fixture.Images.V1, await environments.ServingAsync(environments.Beta));

        var failed = new ImageBuildFailed(Guid.NewGuid(), TestImages.Web.Name, "3333333ccccccccccccccccccccccccccccccccc", BuildFailureStage.Build, "RUN make failed",
            ["step 3/4 : RUN make", "make: *** [all] Error 2"], DateTimeOffset.UtcNow, "linux/amd64");
        // A cancelled build is not told (and so does not start a collapse either).
        await fixture.Bus.Publish(failed with { CorrelationId = Guid.NewGuid(), Stage = BuildFailureStage.Cancelled, Error = "the build was cancelled" }, environments.Deadline);
        await Task.Delay(TimeSpan.FromSeconds(1), environments.Deadline);
        await fixture.Bus.Publish(failed, environments.Deadline);
        await fixture.Bus.Publish(failed with { CorrelationId = Guid.NewGuid(), FailedAt = DateTimeOffset.UtcNow }, environments.Deadline);
        await Eventually.WaitAsync(_ => Task.FromResult(Titles(slack)), titles => titles.Contains($"Build failed: {TestImages.Web.Name}"), Rollout,
            "the Slack receiver to hear of the failed build");
        await Task.Delay(TimeSpan.FromSeconds(3), environments.Deadline);

        // Every body had the shape Slack documents; the 503 was tried again.
        var requests = slack.Received.ToList();
        Assert.DoesNotContain(requests, r => r.Answer == 400);
        Assert.Equal(503, requests[0].Answer);
        var titles = Titles(slack);
        Assert.Equal(1, titles.Count(t => t == $"Rolled back: web in {environments.Beta}"));
        Assert.Equal(1, titles.Count(t => t == $"Promoted: web to {environments.Prod}"));
        // Told by beta, which follows the image's tag, once: prod only promotes, and the second failure was collapsed.
        Assert.Equal(1, titles.Count(t => t == $"Build failed: {TestImages.Web.Name}"));
        Assert.DoesNotContain(titles, t => t.StartsWith("Rolled back: web in " + environments.Prod, StringComparison.Ordinal));
        var build = requests.Where(r => r.Answer == 200).Select(r => JsonDocument.Parse(r.Body).RootElement).Single(b => Title(b) == $"Build failed: {TestImages.Web.Name}");
        Assert.Contains("*Stage*\nbuild", build.GetProperty("blocks")[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()));
        var rollback = requests.Select(r => JsonDocument.Parse(r.Body).RootElement).First(b => Title(b) == $"Rolled back: web in {environments.Beta}");
        Assert.Contains("web unhealthy: serving /www on :8080", rollback.GetProperty("blocks").EnumerateArray()
            .Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text").GetProperty("text").GetString()).First(t => t!.StartsWith("*Last log lines*", StringComparison.Ordinal)));

        // The webhook got what it asked for, signed with its key.
        var webhooks = hook.Received.ToList();
        Assert.Equal(["promoted", "rolled-back"], webhooks.Select(r => r.Headers[WebhookMessage.EventHeader]).Order());
        foreach (var request in webhooks)
        {
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(request.Body))),
                request.Headers[WebhookMessage.SignatureHeader]);
        }

        var promoted = JsonDocument.Parse(webhooks.Single(r => r.Headers[WebhookMessage.EventHeader] == "promoted").Body).RootElement;
        Assert.Equal((environments.Prod, fixture.Images.V1, environments.Beta), (promoted.GetProperty("environment").GetString(),
            promoted.GetProperty("event").GetProperty("digest").GetString(), promoted.GetProperty("event").GetProperty("sourceEnvironment").GetString()));

        // The receivers' URLs and the key are in no log line; the receivers are named.
        foreach (var environment in new[] { environments.Beta, environments.Prod })
        {
            var log = await File.ReadAllTextAsync(TwoEnvironments.LogOf(environment), environments.Deadline);
            Assert.DoesNotContain("s3cr3tWebhookPathToken", log, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, log, StringComparison.Ordinal);
        }

        Assert.Contains("Notified team of rolled-back of web in " + environments.Beta, await File.ReadAllTextAsync(TwoEnvironments.LogOf(environments.Beta), environments.Deadline),
            StringComparison.Ordinal);
    }

    private static List<string> Titles(LocalReceiver slack) =>
        [.. slack.Received.Where(r => r.Answer == 200).Select(r => Title(JsonDocument.Parse(r.Body).RootElement))];

    private static string Title(JsonElement body) => body.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;
}

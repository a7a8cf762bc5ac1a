using System.Diagnostics;
using System.Net;
using Platform.Builder.Tests.Service;
using static Platform.Builder.Tests.Webhooks.WebhookScenario;

namespace Platform.Builder.Tests.Webhooks;

/// <summary>
/// A developer's push to the remote the builder follows (a bare repository on disk), then the provider's webhook:
/// the build starts at once although the builder polls only every 5 minutes. Without a webhook, polling finds it.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class WebhookEndToEndTests(BuilderInfrastructure infrastructure)
{
    /// <summary>From <c>git push</c> returning to ImageBuildStarted; the benchmark (bench/run.sh push-latency) measures the spread.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("github")]
    [InlineData("gitlab")]
    [InlineData("gitea")]
    [InlineData("forgejo")]
    public async Task A_git_push_then_the_providers_push_webhook_in_its_documented_shape_starts_the_build_within_a_second_with_a_5_minute_poll(string provider)
    {
        await using var scenario = await CreateAsync(infrastructure);

        var commit = await scenario.PushChangeAsync();
        var pushed = Stopwatch.GetTimestamp();
        var answer = provider switch
        {
            "github" => await scenario.GitHubPushAsync(commit),
            "gitlab" => await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json", ("after", commit), ("checkout_sha", commit)),
                new Dictionary<string, string>
                {
                    ["X-Gitlab-Event"] = "Push Hook",
                    ["X-Gitlab-Token"] = GitLabToken,
                    ["X-Gitlab-Event-UUID"] = Guid.NewGuid().ToString(),
                    ["X-Gitlab-Webhook-UUID"] = Guid.NewGuid().ToString(),
                    ["X-Gitlab-Instance"] = "https://gitlab.example.com",
                    ["User-Agent"] = "GitLab/17.0.0",
                }),
            "gitea" => await scenario.PostAsync("/api/webhooks/gitea", Payload("gitea-push.json", ("after", commit)),
                new Dictionary<string, string>
                {
                    ["X-Gitea-Event"] = "push",
                    ["X-Gitea-Event-Type"] = "push",
                    ["X-Gitea-Delivery"] = Guid.NewGuid().ToString(),
                    ["X-GitHub-Event"] = "push",
                    ["User-Agent"] = "Go-http-client/1.1",
                }, GiteaSignature),
            _ => await scenario.PostAsync("/api/webhooks/gitea", Payload("gitea-push.json", ("after", commit)),
                new Dictionary<string, string>
                {
                    ["X-Forgejo-Event"] = "push",
                    ["X-Forgejo-Event-Type"] = "push",
                    ["X-Forgejo-Delivery"] = Guid.NewGuid().ToString(),
                }, body => ("X-Forgejo-Signature", Hex(GiteaSecret, body))),
        };

        Assert.True(answer.Status == HttpStatusCode.Accepted && answer.Field("outcome") == "accepted",
            scenario.Builder.Failure($"expected the {provider} push to be accepted with 202, got {answer}"));
        var started = await scenario.WaitForBuildStartAsync(commit, TimeSpan.FromSeconds(30));
        AssertAtOnce(scenario, pushed, started, $"the {provider} webhook");
        await scenario.Builder.WaitForPushAsync(scenario.Builder.Image(Image), commit);
    }

    [Fact]
    public async Task The_bare_remotes_post_receive_hook_sends_the_plain_webhook_with_curl_and_the_build_starts_within_a_second()
    {
        await using var scenario = await CreateAsync(infrastructure, listen: true);
        var hook = Path.Combine(scenario.Remote, "hooks", "post-receive");
        // As a self-hosted server's hook would: git's own standard input, the secret from the hook's environment, never in the URL.
        await File.WriteAllTextAsync(hook, $"""
            #!/bin/sh
            PLATFORM_WEBHOOK_SECRET='{GitSecret}'
            curl -fsS --max-time 5 -H "Authorization: Bearer $PLATFORM_WEBHOOK_SECRET" -H 'Content-Type: text/plain' \
              --data-binary @- {scenario.BaseAddress}api/webhooks/git >/dev/null || echo "platform: the builder did not take the push hint" >&2
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        var (chmod, output) = await Platform.Testing.ChildProcess.RunAsync("chmod", ["+x", hook], TimeSpan.FromSeconds(10));
        Assert.True(chmod == 0, $"expected chmod +x of the hook to succeed: {output}");

        var commit = await scenario.PushChangeAsync();
        var pushed = Stopwatch.GetTimestamp();
        var started = await scenario.WaitForBuildStartAsync(commit, TimeSpan.FromSeconds(30));
        AssertAtOnce(scenario, pushed, started, "the post-receive hook's webhook");
        await scenario.Builder.WaitForPushAsync(scenario.Builder.Image(Image), commit);

        // A push to another branch reaches the hook too, and is ignored: nothing of it is built.
        var feature = await scenario.PushChangeAsync("feature");
        // A push to main after it is the sentinel: the hook answers in push order, so once its build starts the feature push was handled.
        var sentinel = await scenario.PushChangeAsync();
        await scenario.WaitForBuildStartAsync(sentinel, TimeSpan.FromSeconds(30));
        Assert.True(scenario.BuildStartsOf(feature).Count == 0, scenario.Builder.Failure($"expected the push to refs/heads/feature ({feature[..7]}) to build nothing"));
        Assert.Contains("ignored: refs/heads/feature is not a revision the builder follows", await File.ReadAllTextAsync(scenario.Builder.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_webhook_polling_finds_the_push_at_its_interval()
    {
        await using var scenario = await CreateAsync(infrastructure, webhooks: false,
            settings: new Dictionary<string, string> { ["Builder:PollInterval"] = "00:00:03" });

        var commit = await scenario.PushChangeAsync();
        var pushed = Stopwatch.GetTimestamp();
        var started = await scenario.WaitForBuildStartAsync(commit, TimeSpan.FromSeconds(30));
        var latency = Stopwatch.GetElapsedTime(pushed, started);
        Assert.True(latency < TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(5),
            scenario.Builder.Failure($"expected the 3 s poll to find the push within one interval and some seconds of work, it took {latency.TotalSeconds:F1} s"));
        await scenario.Builder.WaitForPushAsync(scenario.Builder.Image(Image), commit);
        var answer = await scenario.GitHubPushAsync(commit);
        Assert.True(answer.Status == HttpStatusCode.NotFound, scenario.Builder.Failure($"expected the GitHub webhook to be off (404) without a secret, got {answer}"));
    }

    private static void AssertAtOnce(WebhookScenario scenario, long pushed, long started, string how)
    {
        var latency = Stopwatch.GetElapsedTime(pushed, started);
        Assert.True(latency < AtOnce,
            scenario.Builder.Failure($"expected the build to start within {AtOnce.TotalSeconds:0} s of git push returning, by {how} (polling every {LongPollInterval}); it took {latency.TotalMilliseconds:F0} ms"));
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Platform.Contracts;
using Platform.Deployer.Notifications;

namespace Platform.Deployer.Tests.Notifications;

/// <summary>Pure tests of what a notification says, how each receiver gets it, and which receivers get it.</summary>
public sealed class NoticeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static DeploymentRolledBack RolledBack(string environment = "prod", IReadOnlyList<string>? logTail = null) => new(Guid.NewGuid(), "status-api",
        "dataplatform/status-api", "sha256:" + new string('b', 64), "sha256:" + new string('a', 64), "no answer from GET /health within 15 s",
        logTail ?? ["starting", "panic: <!channel> & friends"], At, environment, "0123456789abcdef0123456789abcdef01234567");

    [Fact]
    public void A_rollback_tells_the_service_environment_digests_reason_and_the_failed_containers_last_log_lines_in_the_shape_Slack_documents()
    {
        var json = SlackMessage.Of(Notices.RolledBack(RolledBack(), "prod")).ToJsonString();

        Assert.Empty(SlackShape.Problems(json));
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("Rolled back: status-api in prod: no answer from GET /health within 15 s", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Contains("*Failed digest*\nsha256:bbbbbbbbbbbb", fields);
        Assert.Contains("*Serving again*\nsha256:aaaaaaaaaaaa", fields);
        Assert.Contains("*Commit*\n0123456789ab", fields);
        // Log lines are escaped: a line cannot ping the channel.
        Assert.Equal("*Last log lines*\n```starting\npanic: &lt;!channel&gt; &amp; friends```", blocks[2].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void Long_log_tails_and_titles_are_cut_to_Slacks_limits_keeping_the_newest_lines()
    {
        var lines = Enumerable.Range(1, 400).Select(i => $"line {i} " + new string('x', 60)).ToList();
        var rolledBack = RolledBack(logTail: lines) with { Service = new string('s', 200) };

        var json = SlackMessage.Of(Notices.RolledBack(rolledBack, "prod")).ToJsonString();

        Assert.Empty(SlackShape.Problems(json));
        var log = JsonDocument.Parse(json).RootElement.GetProperty("blocks")[2].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains("line 400 ", log);
        Assert.DoesNotContain("line 380 ", log);
    }

    [Fact]
    public void Every_kind_of_notice_makes_a_Slack_Teams_Discord_and_webhook_body()
    {
        var notices = new[]
        {
            Notices.BuildFailed(new ImageBuildFailed(Guid.NewGuid(), "dataplatform/etl", new string('c', 40), BuildFailureStage.Build, "RUN make failed", ["make: *** [all] Error 2"], At,
                "linux/arm64", AttemptId: Guid.Parse("5b0f4c1e-0000-4000-8000-000000000001")), "beta", "http://builder:8080/api/builds?image={image}&attempt={attempt}"),
            Notices.RolledBack(RolledBack(), "prod"),
            Notices.JobFailed(new JobRunFailed(Guid.NewGuid(), "nightly-etl", "dataplatform/etl", "sha256:" + new string('d', 64), 3, "exit code 3", At, At,
                TimeSpan.FromSeconds(4), ["loading 12 rows", "ERROR: table missing"], At, "beta", null), "beta"),
            Notices.AwaitingApproval(new PromotionAwaitingApproval(Guid.NewGuid(), "prod", "nightly-etl", "sha256:" + new string('e', 64), null, "beta", 4, At)),
            Notices.Promoted(new DigestPromoted(Guid.NewGuid(), "prod", "nightly-etl", "sha256:" + new string('e', 64), null, "beta", null, "k", "ada", At)),
        };

        foreach (var notice in notices)
        {
            Assert.Empty(SlackShape.Problems(SlackMessage.Of(notice).ToJsonString()));
            var teams = JsonDocument.Parse(TeamsMessage.Of(notice).ToJsonString()).RootElement;
            Assert.Equal("AdaptiveCard", teams.GetProperty("attachments")[0].GetProperty("content").GetProperty("type").GetString());
            var discord = JsonDocument.Parse(DiscordMessage.Of(notice).ToJsonString()).RootElement;
            Assert.InRange(discord.GetProperty("content").GetString()!.Length, 1, 2000);
            var webhook = JsonDocument.Parse(WebhookMessage.Of(notice, Guid.NewGuid()).ToJsonString()).RootElement;
            Assert.Equal(NoticeKinds.Name(notice.Kind), webhook.GetProperty("kind").GetString());
            Assert.Equal(notice.Event.GetType().FullName, webhook.GetProperty("eventType").GetString());
        }

        Assert.Equal("http://builder:8080/api/builds?image=dataplatform%2Fetl&attempt=5b0f4c1e-0000-4000-8000-000000000001", notices[0].Link);
        Assert.Contains(notices[3].Facts, f => f.Value == $"platform promote nightly-etl --to prod --digest sha256:{new string('e', 64)}");
    }

    [Fact]
    public void The_webhook_signature_is_HMAC_SHA256_of_the_body_in_hex()
    {
        // RFC 4231, test case 2.
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookMessage.Signature("Jefe", "what do ya want for nothing?"u8.ToArray()));
    }

    [Fact]
    public void A_receiver_gets_only_the_events_and_environments_it_names_and_all_when_it_names_none()
    {
        var rolledBackInProd = Notices.RolledBack(RolledBack("prod"), "prod");
        var rolledBackInBeta = Notices.RolledBack(RolledBack("beta"), "beta");
        var everything = new NotifyReceiver();
        var prodFailures = new NotifyReceiver { Events = ["rolled-back, job-failed"], Environments = ["prod"] };
        var approvals = new NotifyReceiver { Events = ["awaiting-approval"] };

        Assert.Equal((true, true), (everything.Wants(rolledBackInProd), everything.Wants(rolledBackInBeta)));
        Assert.Equal((true, false), (prodFailures.Wants(rolledBackInProd), prodFailures.Wants(rolledBackInBeta)));
        Assert.False(approvals.Wants(rolledBackInProd));
    }

    [Fact]
    public void Bad_settings_name_the_key_and_never_show_the_secret_url()
    {
        var options = new NotifyOptions
        {
            Receivers =
            {
                ["team"] = new NotifyReceiver { Url = "hooks.slack.com/services/T0/B0/s3cr3t-token" },
                ["audit"] = new NotifyReceiver { Kind = ReceiverKind.Webhook, Url = "https://audit.example/hook", Secret = "short", Events = ["rolled-back", "exploded"] },
            },
        };

        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage!).ToList();

        Assert.Contains("Deployer:Notify:Receivers:team:Url is not an http(s) address (the value is a secret and is not shown).", errors);
        Assert.Contains(errors, e => e.StartsWith("Deployer:Notify:Receivers:audit:Secret must be at least 16 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Deployer:Notify:Receivers:audit:Events names 'exploded'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("s3cr3t", StringComparison.Ordinal) || e.Contains("short", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cr3t", options.Receivers["team"].ToString(), StringComparison.Ordinal);
    }
}

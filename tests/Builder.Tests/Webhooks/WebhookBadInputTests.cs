using System.Net;
using System.Text;
using Platform.Builder.Tests.Service;
using static Platform.Builder.Tests.Webhooks.WebhookScenario;

namespace Platform.Builder.Tests.Webhooks;

/// <summary>
/// Bad webhook requests through the real builder Program (real broker, registry, engine and git): each is answered
/// with its status and reason, and none makes the builder look at the repository; a good request afterwards does,
/// so that "did not look" is seen against a builder that would have.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class WebhookBadInputTests(BuilderInfrastructure infrastructure)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_wrong_or_missing_signature_or_token_answers_401_for_every_provider_and_the_builder_does_not_look()
    {
        await using var scenario = await CreateAsync(infrastructure);
        var commit = await scenario.PushChangeAsync();
        var push = Payload("github-push.json", ("after", commit));
        var headers = GitHubHeaders("push", Guid.NewGuid().ToString());
        var gitLab = Payload("gitlab-push.json", ("after", commit));
        var gitea = Payload("gitea-push.json", ("after", commit));
        var lines = Encoding.UTF8.GetBytes($"{scenario.FirstCommit} {commit} refs/heads/main\n");
        var answers = new List<(string What, Answer Answer)>
        {
            ("GitHub without a signature", await scenario.PostAsync("/api/webhooks/github", push, headers)),
            ("GitHub signed with another secret", await scenario.PostAsync("/api/webhooks/github", push, headers,
                body => ("X-Hub-Signature-256", "sha256=" + Hex("not-the-github-secret-at-all", body)))),
            ("GitHub with the signature of another body", await scenario.PostAsync("/api/webhooks/github", push, headers,
                _ => GitHubSignature(Payload("github-push.json")))),
            ("GitHub with the right hex but no sha256= prefix", await scenario.PostAsync("/api/webhooks/github", push, headers,
                body => ("X-Hub-Signature-256", Hex(GitHubSecret, body)))),
            ("GitHub with a signature that is not hex", await scenario.PostAsync("/api/webhooks/github", push, headers,
                _ => ("X-Hub-Signature-256", "sha256=" + new string('z', 64)))),
            ("GitLab without a token", await scenario.PostAsync("/api/webhooks/gitlab", gitLab, new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook" })),
            ("GitLab with a wrong token", await scenario.PostAsync("/api/webhooks/gitlab", gitLab,
                new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = GitLabToken + "x" })),
            ("GitLab with the GitHub secret", await scenario.PostAsync("/api/webhooks/gitlab", gitLab,
                new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = GitHubSecret })),
            ("Gitea signed with another secret", await scenario.PostAsync("/api/webhooks/gitea", gitea, new Dictionary<string, string> { ["X-Gitea-Event"] = "push" },
                body => ("X-Gitea-Signature", Hex(GitHubSecret, body)))),
            ("Forgejo signed with another secret", await scenario.PostAsync("/api/webhooks/gitea", gitea, new Dictionary<string, string> { ["X-Forgejo-Event"] = "push" },
                body => ("X-Forgejo-Signature", Hex(GitHubSecret, body)))),
            ("the git hook without Authorization", await scenario.PostAsync("/api/webhooks/git", lines, new Dictionary<string, string>(), contentType: "text/plain")),
            ("the git hook with a wrong secret", await scenario.PostAsync("/api/webhooks/git", lines,
                new Dictionary<string, string> { ["Authorization"] = "Bearer " + GitSecret[..^1] }, contentType: "text/plain")),
            ("the git hook with the secret as Basic", await scenario.PostAsync("/api/webhooks/git", lines,
                new Dictionary<string, string> { ["Authorization"] = "Basic " + GitSecret }, contentType: "text/plain")),
        };

        foreach (var (what, answer) in answers)
        {
            Assert.True(answer.Status == HttpStatusCode.Unauthorized, scenario.Builder.Failure($"expected 401 for {what}, got {answer}"));
            Assert.DoesNotContain("secret-of-the-webhook-tests", answer.Body, StringComparison.Ordinal);
        }

        Assert.Contains("X-Hub-Signature-256", answers[0].Answer.Field("detail"), StringComparison.Ordinal);
        await scenario.AssertNotLookedAtAsync(commit, Quiet, "requests with a wrong or missing secret");
        Assert.DoesNotContain("secret-of-the-webhook-tests", await File.ReadAllTextAsync(scenario.Builder.LogPath), StringComparison.Ordinal);

        var accepted = await scenario.GitHubPushAsync(commit);
        Assert.True(accepted.Status == HttpStatusCode.Accepted && accepted.Field("outcome") == "accepted", scenario.Builder.Failure($"expected 202 accepted, got {accepted}"));
        await scenario.WaitForBuildStartAsync(commit, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_oversized_body_answers_413_a_malformed_one_400_with_the_reason_and_a_form_415_and_none_makes_the_builder_look()
    {
        await using var scenario = await CreateAsync(infrastructure, new Dictionary<string, string> { ["Builder:Webhooks:MaxBodyBytes"] = "4096" });
        var commit = await scenario.PushChangeAsync();
        var github = GitHubHeaders("push", null);
        var gitLab = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = GitLabToken };
        var gitea = new Dictionary<string, string> { ["X-Gitea-Event"] = "push" };
        var git = new Dictionary<string, string> { ["Authorization"] = "Bearer " + GitSecret };
        var large = Payload("github-push.json", ("after", commit), ("head_commit.message", new string('x', 5000)));

        await Expect(HttpStatusCode.RequestEntityTooLarge, "larger than 4096 bytes",
            await scenario.PostAsync("/api/webhooks/github", large, github, GitHubSignature), "a signed GitHub push of 5 KB");
        await Expect(HttpStatusCode.RequestEntityTooLarge, "larger than 4096 bytes",
            await scenario.PostAsync("/api/webhooks/github", large, github, GitHubSignature, chunked: true), "the same sent chunked, with no Content-Length");
        await Expect(HttpStatusCode.RequestEntityTooLarge, "Builder:Webhooks:MaxBodyBytes",
            await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json", ("message", new string('x', 5000))), gitLab), "a GitLab push of 5 KB");

        await Expect(HttpStatusCode.BadRequest, "the body is not JSON",
            await scenario.PostAsync("/api/webhooks/github", "ref=refs/heads/main"u8.ToArray(), github, GitHubSignature), "a signed GitHub body that is not JSON");
        await Expect(HttpStatusCode.BadRequest, "the body is empty",
            await scenario.PostAsync("/api/webhooks/github", [], github, GitHubSignature), "a signed empty GitHub body");
        await Expect(HttpStatusCode.BadRequest, "ref 'main' is not a full ref name",
            await scenario.PostAsync("/api/webhooks/github", Payload("github-push.json", ("ref", "main")), github, GitHubSignature), "a GitHub push whose ref is not a full ref");
        await Expect(HttpStatusCode.BadRequest, "repository is missing",
            await scenario.PostAsync("/api/webhooks/github", Payload("github-push.json", ("repository", null)), github, GitHubSignature), "a GitHub push without its repository");
        await Expect(HttpStatusCode.BadRequest, "after 'HEAD' is not a commit id",
            await scenario.PostAsync("/api/webhooks/github", Payload("github-push.json", ("after", "HEAD")), github, GitHubSignature), "a GitHub push whose after is no commit");
        await Expect(HttpStatusCode.BadRequest, "delivery id is longer than 256 characters",
            await scenario.PostAsync("/api/webhooks/github", Payload("github-push.json"), GitHubHeaders("push", new string('d', 300)), GitHubSignature), "a GitHub push with a 300-character delivery id");
        await Expect(HttpStatusCode.BadRequest, "X-GitHub-Event header is missing",
            await scenario.PostAsync("/api/webhooks/github", Payload("github-push.json"), new Dictionary<string, string>(), GitHubSignature), "a GitHub delivery without its event header");
        await Expect(HttpStatusCode.BadRequest, "object_kind 'merge_request' is not push or tag_push",
            await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json", ("object_kind", "merge_request")), gitLab), "a GitLab Push Hook whose body is another kind");
        await Expect(HttpStatusCode.BadRequest, "project is missing",
            await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json", ("project", null)), gitLab), "a GitLab push without its project");
        await Expect(HttpStatusCode.BadRequest, "not valid UTF-8",
            await scenario.PostAsync("/api/webhooks/gitea", [0x7b, 0xff, 0xfe, 0x7d], gitea, GiteaSignature), "a signed Gitea body that is not UTF-8");
        await Expect(HttpStatusCode.BadRequest, "line 2 'refs/heads/main' is not '<old-id> <new-id> <ref>'",
            await scenario.PostAsync("/api/webhooks/git", Encoding.UTF8.GetBytes($"{scenario.FirstCommit} {commit} refs/heads/main\nrefs/heads/main\n"), git, contentType: "text/plain"),
            "a git hook body with a line that is not what git gives a post-receive hook");
        await Expect(HttpStatusCode.UnsupportedMediaType, "choose application/json",
            await scenario.PostAsync("/api/webhooks/github", Encoding.UTF8.GetBytes("payload=%7B%7D"), github, GitHubSignature, contentType: "application/x-www-form-urlencoded"),
            "a GitHub webhook set to the form content type");

        await scenario.AssertNotLookedAtAsync(commit, Quiet, "oversized and malformed requests");
        var accepted = await scenario.GitHubPushAsync(commit);
        Assert.True(accepted.Status == HttpStatusCode.Accepted, scenario.Builder.Failure($"expected 202 for a good push, got {accepted}"));
        await scenario.WaitForBuildStartAsync(commit, TimeSpan.FromSeconds(30));

        Task Expect(HttpStatusCode status, string reason, Answer answer, string what)
        {
            Assert.True(answer.Status == status && (answer.Field("detail") ?? "").Contains(reason, StringComparison.Ordinal),
                scenario.Builder.Failure($"expected {(int)status} with a reason containing \"{reason}\" for {what}, got {answer}"));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Other_events_answer_202_ignored_a_ping_200_and_pushes_to_another_repository_or_ref_are_ignored_with_a_debug_log()
    {
        await using var scenario = await CreateAsync(infrastructure, new Dictionary<string, string> { ["Builder:Webhooks:Repository"] = "octo-org/images" });
        var commit = await scenario.PushChangeAsync();
        var gitLab = new Dictionary<string, string> { ["X-Gitlab-Token"] = GitLabToken };

        var ping = await scenario.PostAsync("/api/webhooks/github", Payload("github-ping.json"), GitHubHeaders("ping", Guid.NewGuid().ToString()), GitHubSignature);
        Assert.True(ping.Status == HttpStatusCode.OK && ping.Field("outcome") == "pong", scenario.Builder.Failure($"expected 200 pong for GitHub's ping, got {ping}"));

        var ignored = new List<(string What, string Reason, Answer Answer)>
        {
            ("a GitHub issues event", "event 'issues' is not a push",
                await scenario.PostAsync("/api/webhooks/github", Payload("github-issues.json"), GitHubHeaders("issues", Guid.NewGuid().ToString()), GitHubSignature)),
            ("a GitLab Issue Hook", "event 'Issue Hook' is not a push",
                await scenario.PostAsync("/api/webhooks/gitlab", "{\"object_kind\":\"issue\"}"u8.ToArray(), new Dictionary<string, string>(gitLab) { ["X-Gitlab-Event"] = "Issue Hook" })),
            ("a Gitea create event", "event 'create' is not a push",
                await scenario.PostAsync("/api/webhooks/gitea", "{\"ref\":\"v1\",\"ref_type\":\"tag\"}"u8.ToArray(), new Dictionary<string, string> { ["X-Gitea-Event"] = "create" }, GiteaSignature)),
            ("a GitHub push to another repository", "repository someone/else",
                await scenario.PostAsync("/api/webhooks/github",
                    Payload("github-push.json", ("after", commit), ("repository.full_name", "someone/else"), ("repository.clone_url", "https://github.com/someone/else.git"),
                        ("repository.ssh_url", "git@github.com:someone/else.git"), ("repository.git_url", "git://github.com/someone/else.git"),
                        ("repository.html_url", "https://github.com/someone/else"), ("repository.url", "https://github.com/someone/else")),
                    GitHubHeaders("push", Guid.NewGuid().ToString()), GitHubSignature)),
            ("a GitLab push of another project", "repository data/platform/images",
                await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json", ("after", commit)), new Dictionary<string, string>(gitLab) { ["X-Gitlab-Event"] = "Push Hook" })),
            ("a GitHub push to another branch", "refs/heads/feature is not a revision the builder follows (HEAD:",
                await scenario.GitHubPushAsync(commit, "refs/heads/feature")),
            ("a GitHub push of a tag", "refs/tags/v1.0.0 is not a revision the builder follows (HEAD:",
                await scenario.GitHubPushAsync(commit, "refs/tags/v1.0.0")),
        };

        foreach (var (what, reason, answer) in ignored)
        {
            Assert.True(answer.Status == HttpStatusCode.Accepted && answer.Field("outcome") == "ignored" && (answer.Field("reason") ?? "").Contains(reason, StringComparison.Ordinal),
                scenario.Builder.Failure($"expected 202 ignored with a reason containing \"{reason}\" for {what}, got {answer}"));
        }

        await scenario.AssertNotLookedAtAsync(commit, Quiet, "events that are not pushes of the followed repository and ref");
        var log = await File.ReadAllTextAsync(scenario.Builder.LogPath);
        Assert.True(log.Contains("ignored: repository someone/else", StringComparison.Ordinal) && log.Contains("ignored: refs/heads/feature", StringComparison.Ordinal),
            scenario.Builder.Failure("expected a debug log line for the push to another repository and the one to another branch"));

        // The followed repository by any of its names: here GitHub's clone URL, with another case and no .git.
        var accepted = await scenario.PostAsync("/api/webhooks/github",
            Payload("github-push.json", ("after", commit), ("repository.full_name", null), ("repository.clone_url", "https://GitHub.com/Octo-Org/Images"),
                ("repository.ssh_url", null), ("repository.git_url", null), ("repository.html_url", null), ("repository.url", null)),
            GitHubHeaders("push", Guid.NewGuid().ToString()), GitHubSignature);
        Assert.True(accepted.Status == HttpStatusCode.Accepted && accepted.Field("outcome") == "accepted", scenario.Builder.Failure($"expected 202 accepted, got {accepted}"));
        await scenario.WaitForBuildStartAsync(commit, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_redelivery_is_dropped_by_its_delivery_id_and_a_delivery_without_an_id_is_a_hint_every_time()
    {
        await using var scenario = await CreateAsync(infrastructure);
        var second = await scenario.PushChangeAsync();
        var first = await scenario.GitHubPushAsync(second, delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        Assert.True(first.Status == HttpStatusCode.Accepted && first.Field("outcome") == "accepted", scenario.Builder.Failure($"expected 202 accepted, got {first}"));
        await scenario.WaitForBuildStartAsync(second, TimeSpan.FromSeconds(30));
        await scenario.Builder.WaitForCycleAsync(second, _ => true, "the cycle of the second commit to end");

        // GitHub's "Redeliver" sends the same delivery id: a third commit is pushed, but the redelivery must not be what finds it.
        var third = await scenario.PushChangeAsync();
        var again = await scenario.GitHubPushAsync(second, delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        Assert.True(again.Status == HttpStatusCode.OK && again.Field("outcome") == "duplicate", scenario.Builder.Failure($"expected 200 duplicate for the redelivery, got {again}"));
        var gitLabHeaders = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = GitLabToken, ["X-Gitlab-Event-UUID"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958" };
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(scenario.BuildStartsOf(third).Count == 0, scenario.Builder.Failure($"expected the redelivery not to make the builder look; {third[..7]} was built"));

        // The same id from another provider is another delivery.
        var gitLab = await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json", ("after", third)), gitLabHeaders);
        Assert.True(gitLab.Status == HttpStatusCode.Accepted && gitLab.Field("outcome") == "accepted", scenario.Builder.Failure($"expected 202 accepted from GitLab, got {gitLab}"));
        await scenario.WaitForBuildStartAsync(third, TimeSpan.FromSeconds(30));
        await scenario.Builder.WaitForCycleAsync(third, _ => true, "the cycle of the third commit to end");

        // Without an id nothing is deduplicated: the git hook's two identical deliveries are both hints.
        var fourth = await scenario.PushChangeAsync();
        var lines = Encoding.UTF8.GetBytes($"{third} {fourth} refs/heads/main\n");
        var git = new Dictionary<string, string> { ["Authorization"] = "Bearer " + GitSecret };
        foreach (var attempt in new[] { 1, 2 })
        {
            var answer = await scenario.PostAsync("/api/webhooks/git", lines, git, contentType: "text/plain");
            Assert.True(answer.Status == HttpStatusCode.Accepted && answer.Field("outcome") == "accepted",
                scenario.Builder.Failure($"expected delivery {attempt} without an id to be accepted, got {answer}"));
        }

        await scenario.WaitForBuildStartAsync(fourth, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_provider_without_a_secret_answers_404_naming_the_setting_and_a_short_secret_stops_the_builder_at_start_without_showing_it()
    {
        await using (var scenario = await CreateAsync(infrastructure, webhooks: false,
            settings: new Dictionary<string, string> { ["Builder:Webhooks:GitHub:Secret"] = GitHubSecret }))
        {
            var off = await scenario.PostAsync("/api/webhooks/gitlab", Payload("gitlab-push.json"),
                new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = GitLabToken });
            Assert.True(off.Status == HttpStatusCode.NotFound && (off.Field("detail") ?? "").Contains("Builder:Webhooks:GitLab:Secret", StringComparison.Ordinal),
                scenario.Builder.Failure($"expected 404 naming Builder:Webhooks:GitLab:Secret, got {off}"));
            var ping = await scenario.PostAsync("/api/webhooks/github", Payload("github-ping.json"), GitHubHeaders("ping", null), GitHubSignature);
            Assert.True(ping.Status == HttpStatusCode.OK, scenario.Builder.Failure($"expected the GitHub webhook to be on, got {ping}"));
        }

        await using var builder = await BuilderScenario.CreateAsync(infrastructure);
        builder.WriteImage("app", "FROM platform/root:busybox\n");
        await builder.Repository.CommitAllAsync("app");
        var error = await Record.ExceptionAsync(() => builder.StartBuilderAsync(new Dictionary<string, string> { ["Builder:Webhooks:Gitea:Secret"] = "short-secret" }));
        Assert.True(error is not null && error.ToString().Contains("Builder:Webhooks:Gitea:Secret must be at least 16 characters", StringComparison.Ordinal)
            && !error.ToString().Contains("short-secret", StringComparison.Ordinal),
            builder.Failure($"expected the start to fail naming Builder:Webhooks:Gitea:Secret and not its value, got {error}"));
    }
}

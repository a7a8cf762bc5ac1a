using System.Diagnostics;
using Platform.Builder.Coordinator.Statuses;

namespace Platform.Builder.Tests.Statuses;

/// <summary>
/// Each provider's client against a FAKE of that provider's API (the real ones cannot be reached from here),
/// which refuses what the provider would refuse: path, token header, fields, states, description length.
/// </summary>
public sealed class ProviderClientTests
{
    private static readonly Uri Log = new("https://platform.example.test/api/builds/7/log");

    [Theory]
    [InlineData("github", "pending,pending,success,failure,error")]
    [InlineData("gitlab", "pending,running,success,failed,failed")]
    [InlineData("gitea", "pending,pending,success,failure,error")]
    public async Task Each_provider_takes_every_state_in_its_own_words_with_the_context_description_and_link(string provider, string expectedStates)
    {
        await using var fixture = await StatusFixture.StartAsync(provider);
        var context = CommitStatus.ContextOf("team/app");
        var longError = "build failed on linux/arm64: " + new string('x', 300);
        CommitStatus[] statuses =
        [
            new(StatusFixture.Commit, context, CommitState.Pending, "queued: first build"),
            new(StatusFixture.Commit, context, CommitState.Running, "building on builder-1"),
            new(StatusFixture.Commit, context, CommitState.Success, "built linux/amd64, linux/arm64 in 41 s", Log),
            new(StatusFixture.Commit, context, CommitState.Failure, CommitStatusText.Fit(longError), Log),
            new(StatusFixture.Commit, context, CommitState.Error, "no builder instance answered"),
        ];

        foreach (var status in statuses)
        {
            var result = await fixture.SendAsync(status);
            Assert.True(result.Outcome == SendOutcome.Accepted, $"expected {provider} to take {status}, it answered {result}; requests: {string.Join("\n", fixture.Api.Requests)}");
        }

        Assert.Empty(fixture.Api.Invalid);
        var created = fixture.Api.CreatedFor(context);
        Assert.Equal(expectedStates, string.Join(",", created.Select(c => c.State)));
        Assert.All(created, c => Assert.Equal(StatusFixture.Commit, c.Commit));
        Assert.Equal(Log.AbsoluteUri, created[2].TargetUrl);
        Assert.Null(created[0].TargetUrl);
        Assert.Equal("built linux/amd64, linux/arm64 in 41 s", created[2].Description);
        Assert.Equal(CommitStatus.MaxDescription, created[3].Description!.Length);
        Assert.EndsWith("…", created[3].Description);
    }

    [Fact]
    public async Task A_GitLab_project_path_travels_as_one_escaped_segment()
    {
        await using var fixture = await StatusFixture.StartAsync("gitlab");

        var result = await fixture.SendAsync(new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Pending, "queued"));

        Assert.Equal(SendOutcome.Accepted, result.Outcome);
        var request = Assert.Single(fixture.Api.Requests);
        Assert.Equal($"/api/v4/projects/data-team%2Fplatform%2Fimages/statuses/{StatusFixture.Commit}", request.Path);
    }

    [Fact]
    public async Task GitLab_refusing_a_state_the_job_has_already_counts_as_taken()
    {
        await using var fixture = await StatusFixture.StartAsync("gitlab");
        var pending = new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Pending, "queued");

        Assert.Equal(SendOutcome.Accepted, (await fixture.SendAsync(pending)).Outcome);
        var again = await fixture.SendAsync(pending with { Description = "queued again" });

        Assert.Equal(SendOutcome.Accepted, again.Outcome);
        Assert.Equal(400, again.StatusCode);
        Assert.StartsWith("Cannot transition status via :enqueue from :pending", again.Detail);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("gitlab")]
    [InlineData("gitea")]
    public async Task A_401_403_or_500_is_worth_trying_again_and_a_404_is_not(string provider)
    {
        await using var fixture = await StatusFixture.StartAsync(provider);
        fixture.Api.Script(401, 403, 500, 404);
        var status = new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Pending, "queued");

        var answers = new List<SendResult>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await fixture.SendAsync(status));
        }

        Assert.Equal([401, 403, 500, 404], answers.Select(a => a.StatusCode ?? 0));
        Assert.Equal([SendOutcome.Retry, SendOutcome.Retry, SendOutcome.Retry, SendOutcome.Rejected], answers.Select(a => a.Outcome));
        Assert.All(answers, a => Assert.DoesNotContain(fixture.Api.Token, a.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_by_the_fake_as_the_provider_would_and_is_retried()
    {
        await using var fixture = await StatusFixture.StartAsync("github");
        fixture.Options.Value.Token = "ghp_notTheRightOne";

        var result = await fixture.SendAsync(new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Pending, "queued"));

        Assert.Equal(SendOutcome.Retry, result.Outcome);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("Bad credentials", result.Detail);
        Assert.Empty(fixture.Api.Created);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_within_the_timeout_is_tried_again_and_the_wait_is_bounded()
    {
        await using var fixture = await StatusFixture.StartAsync("gitea", TimeSpan.FromMilliseconds(500));
        fixture.Api.ScriptSilence(TimeSpan.FromSeconds(20));

        var watch = Stopwatch.StartNew();
        var result = await fixture.SendAsync(new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Pending, "queued"));
        watch.Stop();

        Assert.Equal(SendOutcome.Retry, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"expected the client to give up after 0.5 s, it waited {watch.Elapsed}");
    }
}

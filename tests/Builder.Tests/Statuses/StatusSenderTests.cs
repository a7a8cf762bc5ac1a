using System.Diagnostics;
using Platform.Builder.Coordinator.Statuses;
using Platform.Testing;

namespace Platform.Builder.Tests.Statuses;

/// <summary>The queue and its background sender against a FAKE provider API that fails as a test scripts it.</summary>
public sealed class StatusSenderTests
{
    private const string Sentinel = "platform/sentinel";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_provider_answering_500_then_201_gets_the_newest_state_of_each_context_after_retries()
    {
        await using var fixture = await StatusFixture.StartAsync("github");
        fixture.Api.Script(500, 500);
        await fixture.StartSenderAsync();

        fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Pending, "queued: first build"));
        fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, "platform/app", CommitState.Success, "built linux/amd64 in 3 s"));

        await Eventually.WaitAsync(_ => Task.FromResult(fixture.Api.Created.ToList()), created => created.Count > 0, Timeout,
            "the fake to have created a status after two 500s");
        await SentinelAsync(fixture);
        var created = Assert.Single(fixture.Api.CreatedFor("platform/app"));
        Assert.Equal("success", created.State);
        Assert.Equal(2, fixture.Api.Requests.Count(r => r.Answer == 500));
        Assert.Equal(0, fixture.Queue.Count);
    }

    [Fact]
    public async Task A_401_is_logged_once_with_the_provider_status_code_and_repository_and_never_the_token()
    {
        await using var fixture = await StatusFixture.StartAsync("gitea");
        fixture.Options.Value.Token = fixture.Api.Token + "-revoked";
        await fixture.StartSenderAsync();

        foreach (var image in new[] { "a", "b", "c" })
        {
            fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, CommitStatus.ContextOf(image), CommitState.Pending, "queued"));
        }

        await Eventually.WaitAsync(_ => Task.FromResult(fixture.Api.Requests.Count), count => count >= 6, Timeout,
            "the sender to try the three statuses again after the first 401s");
        var lines = fixture.Log.Lines.Select(l => l.Text).ToList();
        var line = Assert.Single(lines, l => l.Contains("HTTP 401", StringComparison.Ordinal));
        Assert.Contains("Gitea", line);
        Assert.Contains(fixture.Api.Repository, line);
        Assert.DoesNotContain(lines, l => l.Contains(fixture.Options.Value.Token!, StringComparison.Ordinal));
        Assert.Empty(fixture.Api.Created);
    }

    [Fact]
    public async Task A_provider_that_hangs_never_slows_offering_and_the_queue_keeps_only_its_capacity_dropping_the_oldest()
    {
        await using var fixture = await StatusFixture.StartAsync("gitlab", TimeSpan.FromSeconds(2));
        for (var i = 0; i < 5; i++)
        {
            fixture.Api.ScriptSilence(TimeSpan.FromSeconds(20));
        }

        await fixture.StartSenderAsync();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, $"platform/image-{i}", CommitState.Pending, "queued"));
        }

        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"offering 1000 statuses took {watch.Elapsed}");
        Assert.True(fixture.Queue.Count <= fixture.Options.Value.QueueCapacity, $"the queue holds {fixture.Queue.Count}");

        // After the silences, the newest statuses (the ones kept) are sent.
        await Eventually.WaitAsync(_ => Task.FromResult(fixture.Api.Created.ToList()), created => created.Any(c => c.Context == "platform/image-999"), Timeout,
            "the newest status to be created once the provider answers again");
        Assert.DoesNotContain(fixture.Api.Created, c => c.Context == "platform/image-500");
    }

    [Fact]
    public async Task A_status_that_says_what_the_last_said_and_a_pending_after_a_result_are_not_sent()
    {
        await using var fixture = await StatusFixture.StartAsync("github");
        await fixture.StartSenderAsync();
        var context = "platform/app";

        Assert.True(fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, context, CommitState.Failure, "test failed on linux/arm64: boom")));
        Assert.False(fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, context, CommitState.Pending, "queued: retry")));
        Assert.False(fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, context, CommitState.Running, "building on b1")));
        Assert.False(fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, context, CommitState.Failure, "test failed on linux/arm64: boom")));
        Assert.True(fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, context, CommitState.Success, "built linux/amd64 in 2 s")));
        Assert.True(fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit.Replace('0', 'f'), context, CommitState.Pending, "queued")));

        await Eventually.WaitAsync(_ => Task.FromResult(fixture.Api.Created.Count), count => count >= 2, Timeout, "two statuses created");
        await SentinelAsync(fixture);
        Assert.True(fixture.Api.Created.Count(c => c.Context != Sentinel) <= 3, string.Join("\n", fixture.Api.Requests));
        Assert.Equal("success", fixture.Api.CreatedFor(context).Where(c => c.Commit == StatusFixture.Commit).Last().State);
    }

    [Theory]
    [InlineData(0, null, 1)]
    [InlineData(1, null, 2)]
    [InlineData(3, null, 8)]
    [InlineData(10, null, 60)]
    [InlineData(0, 30, 30)]
    [InlineData(0, 3600, 900)]
    public void The_pause_before_another_try_doubles_to_a_minute_and_follows_a_longer_Retry_After_up_to_15_minutes(int attempts, int? retryAfter, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            CommitStatusSender.Backoff(attempts, retryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null));

    /// <summary>
    /// Offers a status of a context of its own and waits until it is created: the sender posts what is due in the order it was
    /// offered, so by then whatever was offered before has been posted or is waiting for its next try.
    /// </summary>
    private static async Task SentinelAsync(StatusFixture fixture)
    {
        fixture.Queue.Offer(new CommitStatus(StatusFixture.Commit, Sentinel, CommitState.Pending, "queued: sentinel"));
        await Eventually.WaitAsync(_ => Task.FromResult(fixture.Api.CreatedFor(Sentinel).Count), count => count > 0, Timeout, "the sentinel status to be created");
    }
}

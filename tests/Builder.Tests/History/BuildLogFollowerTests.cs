using Microsoft.Extensions.Options;
using Platform.Builder.History;
using Platform.Testing;

namespace Platform.Builder.Tests.History;

/// <summary>Following an attempt's log file while it is written, on a real file and a real SQLite history.</summary>
public sealed class BuildLogFollowerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory data = new("log-follow");
    private readonly BuildHistory history;

    public BuildLogFollowerTests() =>
        history = new BuildHistory(new BuilderStore(Options.Create(new BuilderOptions { DataDirectory = data.Path })));

    [Fact]
    public async Task Lines_arrive_as_they_are_written_and_the_stream_ends_once_the_attempt_is_recorded()
    {
        var attempt = Guid.NewGuid();
        var path = Path.Combine(data.Path, "app.log");
        var follower = new BuildLogFollower(history, TimeProvider.System) { PollInterval = TimeSpan.FromMilliseconds(20) };
        using var timeout = new CancellationTokenSource(Timeout);
        await using var events = follower.FollowAsync(path, attempt, timeout.Token).GetAsyncEnumerator(timeout.Token);

        // The log does not exist yet: the follower waits for it.
        var first = events.MoveNextAsync().AsTask();
        await using (var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { AutoFlush = true })
        {
            await writer.WriteLineAsync("Step 1/2 : FROM root");
            Assert.True(await first.WaitAsync(timeout.Token));
            Assert.Equal(("line", "Step 1/2 : FROM root"), (events.Current.EventType, events.Current.Data));

            // Half a line is held back until its end is written.
            await writer.WriteAsync("[linux/arm64] Step 2/2 ");
            var second = events.MoveNextAsync().AsTask();
            await Task.Delay(200, timeout.Token);
            Assert.False(second.IsCompleted, "the follower sent half a line");
            await writer.WriteLineAsync(": RUN true");
            Assert.True(await second.WaitAsync(timeout.Token));
            Assert.Equal("[linux/arm64] Step 2/2 : RUN true", events.Current.Data);
            await writer.WriteAsync("pushed without a newline");
        }

        var now = DateTimeOffset.UtcNow;
        await history.RecordAsync(new BuildRecord("app", "abc1234", Guid.NewGuid(), BuildOutcome.Succeeded, "test", "sha256:1", null, null, now, now) { AttemptId = attempt }, timeout.Token);

        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
        Assert.Equal("pushed without a newline", events.Current.Data);
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
        Assert.Equal(("end", "finished"), (events.Current.EventType, events.Current.Data));
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task A_log_that_never_appears_ends_the_stream_with_no_log()
    {
        var follower = new BuildLogFollower(history, TimeProvider.System) { PollInterval = TimeSpan.FromMilliseconds(20), FileWait = TimeSpan.FromMilliseconds(300) };
        using var timeout = new CancellationTokenSource(Timeout);

        var events = new List<(string?, string)>();
        await foreach (var item in follower.FollowAsync(Path.Combine(data.Path, "missing.log"), Guid.NewGuid(), timeout.Token))
        {
            events.Add((item.EventType, item.Data));
        }

        Assert.Equal([("end", "no log")], events);
    }

    [Theory]
    [InlineData("dataplatform/status-api", "0123abc", true)]
    [InlineData("app", "0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("..", "0123abc", false)]
    [InlineData("a/../../etc", "0123abc", false)]
    [InlineData("/etc/passwd", "0123abc", false)]
    [InlineData("app", "../../x", false)]
    [InlineData("app", "0123ab", false)]
    [InlineData("App", "0123abc", false)]
    public void Only_an_image_name_and_a_commit_id_may_name_a_log_file(string image, string commit, bool allowed) =>
        Assert.Equal(allowed, BuildLogStreamEndpoints.NamesALog(image, commit));

    public void Dispose() => data.Dispose();
}

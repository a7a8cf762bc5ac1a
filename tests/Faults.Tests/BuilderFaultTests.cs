using Platform.Faults.Tests.Harness;

namespace Platform.Faults.Tests;

/// <summary>The builder killed at each stage of a build: the commit is still built once, announced once, deployed once.</summary>
[Collection(LoopCollection.Name)]
public sealed class BuilderFaultTests(LoopEnvironment loop)
{
    [Theory]
    [InlineData("building linux/amd64", "[linux/amd64] | Step 2/")]
    [InlineData("building linux/arm64", "[linux/arm64] | Step 2/")]
    [InlineData("pushing", "The push refers to repository")]
    public async Task A_builder_killed_while_it_is_busy_with_a_build_builds_the_commit_once_and_keeps_the_interrupted_attempt(string stage, string marker)
    {
        await loop.SettleAsync();
        var mark = loop.Builder.Mark;
        // 24 MB that does not compress: a push long enough to be killed in.
        loop.Repository.WriteBytes("images/status-api/www/data.bin", LoopEnvironment.RandomBytes(24 << 20));
        var commit = await loop.ChangeServiceAsync($"builder killed while {stage}");
        await loop.Builder.WaitForLineAsync(mark, marker, TimeSpan.FromMinutes(2));

        await loop.KillAndRestartAsync(loop.Builder, $"while {stage}");
        loop.Repository.DeleteFile("images/status-api/www/data.bin");

        await loop.AssertOnceAsync($"builder killed while {stage}", commit);
        var builds = await loop.BuildsAtAsync(commit);
        Assert.True(builds.Select(b => b.GetProperty("outcome").GetString()).SequenceEqual(["Interrupted", "Succeeded"]),
            $"expected the history of {commit[..7]} to say interrupted, then succeeded; it says {string.Join("; ", builds)}");
    }

    [Fact]
    public async Task A_builder_killed_after_its_push_and_before_its_announcement_announces_that_push_and_builds_nothing_again()
    {
        await loop.Builder.KillAsync();
        await loop.Builder.StartAsync("builder.pushed");
        var commit = await loop.ChangeServiceAsync("builder killed between push and announcement");
        await loop.Builder.WaitForExitAsync(TimeSpan.FromMinutes(2), "at the failpoint after its push");
        loop.Ledger.Injected("builder crash after push, before ImagePushed");
        var pushedBefore = loop.Pushed.Where("commit", commit).Count;
        await loop.Builder.StartAsync();

        var digest = await loop.AssertOnceAsync("builder killed between push and announcement", commit);
        Assert.Equal(0, pushedBefore);
        var resumed = loop.Pushed.Where("commit", commit).Single(m => m.GetProperty("image").GetString() == LoopEnvironment.Service);
        Assert.True(resumed.GetProperty("resumed").GetBoolean(), $"expected the attempt after the restart to announce the earlier push of {digest}, it says {resumed}");
    }

    [Fact]
    public async Task A_coordinator_killed_right_after_it_sent_the_build_commands_adopts_them_and_sends_nothing_twice()
    {
        await loop.Builder.KillAsync();
        await loop.Builder.StartAsync("builder.commands-sent");
        var commit = await loop.ChangeServiceAsync("coordinator killed after sending the commands");
        await loop.Builder.WaitForExitAsync(TimeSpan.FromMinutes(1), "at the failpoint after sending the commands");
        loop.Ledger.Injected("builder crash after planning and sending the build commands");
        var mark = loop.Builder.Mark;
        await loop.Builder.StartAsync();

        await loop.AssertOnceAsync("coordinator killed after sending the commands", commit);
        Assert.True(loop.Builder.Wrote(mark, "waiting for its answer rather than building it again"),
            $"expected the restarted coordinator to adopt the command it had sent (log: {loop.LogFolder})");
        Assert.Single(loop.Started.Where("commit", commit), m => m.GetProperty("image").GetString() == LoopEnvironment.Service);
    }
}

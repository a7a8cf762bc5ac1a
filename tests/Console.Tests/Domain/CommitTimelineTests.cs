using Platform.Console.Apis;
using Platform.Console.Live;
using Platform.Console.Views;
using Platform.Contracts;

namespace Platform.Console.Tests.Domain;

/// <summary>The Commits page's grouping: the builder's history and the bus's builds in flight, without doubles.</summary>
public sealed class CommitTimelineTests
{
    private static readonly DateTimeOffset Noon = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Correlation = Guid.NewGuid();

    [Fact]
    public void Builds_are_grouped_by_commit_newest_commit_first()
    {
        var history = new List<BuildDocument> { Build(1, "app", "aaaaaaa1", Noon), Build(2, "base", "bbbbbbb2", Noon.AddMinutes(5)), Build(3, "app", "bbbbbbb2", Noon.AddMinutes(6)) };

        var groups = CommitTimeline.Build(history, [], Noon.AddHours(1));

        Assert.Equal(["bbbbbbb2", "aaaaaaa1"], groups.Select(g => g.Commit));
        Assert.Equal(["app", "base"], groups[0].Builds.Select(b => b.Image));
    }

    [Fact]
    public void A_build_in_flight_shows_until_the_history_has_its_attempt_and_then_only_the_history_row_shows()
    {
        var attempt = Guid.NewGuid();
        var board = new AttemptBoard(TimeProvider.System);
        board.Planned(new BuildImage(Correlation, "ccccccc3", "app", 1, ["Dockerfile changed"], [], Noon));
        board.Started(new ImageBuildStarted(Correlation, "app", "ccccccc3", "key", attempt, "builder-1", Noon.AddSeconds(1), false));

        var running = Assert.Single(Assert.Single(CommitTimeline.Build([], board.Current, Noon.AddSeconds(11))).Builds);
        Assert.Equal(("Running", "Dockerfile changed", TimeSpan.FromSeconds(10)), (running.Outcome, running.Reason, running.Duration));
        Assert.Contains($"attempt={attempt}", running.LogLink);

        board.Pushed(new ImagePushed(Correlation, "app", "registry", ["latest"], "sha256:d1", "ccccccc3", Noon.AddSeconds(20), [new PlatformImage("linux/amd64", "sha256:p1")], AttemptId: attempt));
        var pushed = Assert.Single(Assert.Single(CommitTimeline.Build([], board.Current, Noon.AddMinutes(1))).Builds);
        Assert.Equal(("Succeeded", "sha256:d1", TimeSpan.FromSeconds(19)), (pushed.Outcome, pushed.Digest, pushed.Duration));

        var recorded = Build(7, "app", "ccccccc3", Noon.AddSeconds(1)) with { AttemptId = attempt };
        var row = Assert.Single(Assert.Single(CommitTimeline.Build([recorded], board.Current, Noon.AddMinutes(1))).Builds);
        Assert.Equal(7, row.Id);
    }

    [Fact]
    public void A_second_attempt_shows_beside_the_first_one_recorded_as_interrupted()
    {
        var board = new AttemptBoard(TimeProvider.System);
        var first = Build(1, "app", "ddddddd4", Noon) with { Outcome = "Interrupted", AttemptId = Guid.NewGuid(), Attempt = 1 };
        board.Started(new ImageBuildStarted(Correlation, "app", "ddddddd4", "key", Guid.NewGuid(), "builder-2", Noon.AddMinutes(1), true));

        var builds = Assert.Single(CommitTimeline.Build([first], board.Current, Noon.AddMinutes(2))).Builds;

        Assert.Equal(["Running", "Interrupted"], builds.Select(b => b.Outcome));
    }

    [Fact]
    public void A_started_event_that_arrives_after_the_push_of_the_same_attempt_does_not_make_it_run_again()
    {
        var attempt = Guid.NewGuid();
        var board = new AttemptBoard(TimeProvider.System);
        board.Pushed(new ImagePushed(Correlation, "app", "registry", ["latest"], "sha256:d1", "eeeeeee5", Noon, [], AttemptId: attempt));

        board.Started(new ImageBuildStarted(Correlation, "app", "eeeeeee5", "key", attempt, "builder-1", Noon.AddSeconds(-30), false));

        Assert.Equal(BuildState.Pushed, Assert.Single(board.Current).State);
    }

    private static BuildDocument Build(long id, string image, string commit, DateTimeOffset at) =>
        new(id, image, commit, Correlation, "Succeeded", "changed", "sha256:" + id, null, null, at, at.AddSeconds(30), 30);
}

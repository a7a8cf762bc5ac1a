using Platform.Deployer.Notifications;

namespace Platform.Deployer.Tests.Notifications;

public sealed class FailureCollapseTests
{
    private readonly ManualTime time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_build_failing_every_minute_is_sent_once_per_window_with_the_failures_in_between_counted()
    {
        var collapse = new FailureCollapse(TimeSpan.FromMinutes(30), time);
        var sent = new List<Notice>();
        for (var minute = 0; minute < 65; minute++)
        {
            if (collapse.Admit(BuildFailed("dataplatform/etl")) is { } notice)
            {
                sent.Add(notice);
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([0, 29, 29], sent.Select(n => n.Collapsed));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), sent[1].CollapsedSince);
    }

    [Fact]
    public void Failures_of_different_things_are_not_collapsed_and_a_success_makes_the_next_failure_news()
    {
        var collapse = new FailureCollapse(TimeSpan.FromMinutes(30), time);

        Assert.NotNull(collapse.Admit(BuildFailed("a")));
        Assert.NotNull(collapse.Admit(BuildFailed("b")));
        Assert.Null(collapse.Admit(BuildFailed("a")));
        collapse.Succeeded(NoticeKind.BuildFailed, "beta", "a");
        var after = collapse.Admit(BuildFailed("a"));

        Assert.NotNull(after);
        Assert.Equal(0, after.Collapsed);
    }

    [Fact]
    public void Promotions_and_approvals_are_never_collapsed()
    {
        var collapse = new FailureCollapse(TimeSpan.FromMinutes(30), time);
        var promoted = new Notice(NoticeKind.Promoted, "prod", "etl", "Promoted", [], [], null, time.GetUtcNow(), new object());

        Assert.NotNull(collapse.Admit(promoted));
        Assert.NotNull(collapse.Admit(promoted));
    }

    private Notice BuildFailed(string image) =>
        new(NoticeKind.BuildFailed, "beta", image, $"Build failed: {image}", [], [], null, time.GetUtcNow(), new object());
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

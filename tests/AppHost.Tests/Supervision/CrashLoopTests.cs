using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.AppHost.Supervision;

namespace Platform.AppHost.Tests.Supervision;

/// <summary>The supervisor's decisions from the state sequences DCP reports (as seen on this machine with Aspire 13.6).</summary>
public sealed class CrashLoopTests
{
    private static readonly RestartPolicy Policy = RestartPolicy.Default;
    private DateTimeOffset now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_process_killed_while_running_is_restarted_after_the_initial_delay()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);

        var restart = loop.Observe(KnownResourceStates.Finished, null, 137, now);

        Assert.Equal(new PlannedRestart(TimeSpan.FromSeconds(1), 1, 137), restart);
    }

    [Fact]
    public void A_crash_loop_backs_off_exponentially_up_to_the_cap()
    {
        var loop = new CrashLoop(Policy);
        var delays = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            Run(loop);
            now += TimeSpan.FromSeconds(3);
            delays.Add(loop.Observe(KnownResourceStates.Finished, null, 1, now)!.Delay.TotalSeconds);
            loop.Observe(KnownResourceStates.Starting, null, 1, now);
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void The_backoff_starts_again_from_the_initial_delay_after_the_resource_ran_healthy_long_enough()
    {
        var loop = new CrashLoop(Policy);
        for (var i = 0; i < 3; i++)
        {
            Run(loop);
            loop.Observe(KnownResourceStates.Finished, null, 1, now);
        }

        Run(loop);
        now += Policy.ResetAfter;
        var restart = loop.Observe(KnownResourceStates.Finished, null, 1, now);

        Assert.Equal(TimeSpan.FromSeconds(1), restart!.Delay);
        Assert.Equal(1, restart.Consecutive);
    }

    [Fact]
    public void Running_without_being_healthy_does_not_reset_the_backoff()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);
        loop.Observe(KnownResourceStates.Finished, null, 1, now);

        loop.Observe(KnownResourceStates.Running, HealthStatus.Unhealthy, null, now);
        now += Policy.ResetAfter * 2;
        var restart = loop.Observe(KnownResourceStates.Finished, null, 1, now);

        Assert.Equal(2, restart!.Consecutive);
    }

    [Fact]
    public void A_stop_asked_for_passes_through_stopping_and_is_not_undone()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);

        Assert.Null(loop.Observe(KnownResourceStates.Stopping, null, null, now));
        Assert.Null(loop.Observe(KnownResourceStates.Finished, null, 0, now));
        Assert.Null(loop.Observe(KnownResourceStates.Finished, null, 0, now));
    }

    [Fact]
    public void A_resource_started_again_by_hand_after_a_stop_is_supervised_again()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);
        loop.Observe(KnownResourceStates.Stopping, null, null, now);
        loop.Observe(KnownResourceStates.Finished, null, 0, now);

        Run(loop);

        Assert.NotNull(loop.Observe(KnownResourceStates.Finished, null, 137, now));
    }

    [Fact]
    public void The_dashboards_restart_command_is_not_taken_for_a_crash()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);

        string[] restartCommand = [KnownResourceStates.Stopping, KnownResourceStates.Finished, KnownResourceStates.Starting, KnownResourceStates.Running];

        Assert.All(restartCommand, state => Assert.Null(loop.Observe(state, HealthStatus.Healthy, null, now)));
    }

    [Fact]
    public void A_resource_that_never_ran_is_not_restarted()
    {
        var loop = new CrashLoop(Policy);
        loop.Observe(KnownResourceStates.Starting, null, null, now);

        Assert.Null(loop.Observe(KnownResourceStates.FailedToStart, null, null, now));
    }

    [Fact]
    public void A_restart_that_fails_to_start_is_tried_again_with_a_longer_delay()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);
        loop.Observe(KnownResourceStates.Finished, null, 137, now);
        loop.Observe(KnownResourceStates.Starting, null, null, now);

        var restart = loop.Observe(KnownResourceStates.FailedToStart, null, null, now);

        Assert.Equal(new PlannedRestart(TimeSpan.FromSeconds(2), 2, null), restart);
    }

    [Fact]
    public void Repeated_and_stateless_updates_of_one_exit_plan_one_restart()
    {
        var loop = new CrashLoop(Policy);
        Run(loop);

        Assert.NotNull(loop.Observe(KnownResourceStates.Finished, null, -1, now));
        Assert.Null(loop.Observe(null, null, null, now));
        Assert.Null(loop.Observe(KnownResourceStates.Finished, null, -1, now));
    }

    [Fact]
    public void The_restart_count_only_grows()
    {
        var loop = new CrashLoop(Policy);

        Assert.Equal(1, loop.Restarted());
        Assert.Equal(2, loop.Restarted());
        Assert.Equal(2, loop.Restarts);
    }

    private void Run(CrashLoop loop)
    {
        Assert.Null(loop.Observe(KnownResourceStates.Starting, null, null, now));
        Assert.Null(loop.Observe(null, null, null, now));
        Assert.Null(loop.Observe(KnownResourceStates.Running, null, null, now));
        Assert.Null(loop.Observe(KnownResourceStates.Running, HealthStatus.Healthy, null, now));
    }
}

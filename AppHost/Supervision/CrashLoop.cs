using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.AppHost.Supervision;

/// <summary>A restart to make: when, which one in a row, and why.</summary>
public sealed record PlannedRestart(TimeSpan Delay, int Consecutive, int? ExitCode);

/// <summary>
/// What the supervisor knows of one resource instance, learnt from the states the orchestrator reports
/// in order. An exit is unexpected when the resource went from running (or starting) straight to a
/// terminal state: a stop that DCP was asked for (dashboard Stop or Restart, AppHost shutdown) passes
/// through <c>Stopping</c> first. Pure: the caller gives the time.
/// </summary>
public sealed class CrashLoop(RestartPolicy policy)
{
    private string? lastState;
    private bool hasRun;
    private DateTimeOffset? healthySince;
    private int consecutive;
    private int restarts;

    /// <summary>Restarts made so far, like the RESTARTS column of <c>kubectl get pods</c>; never reset.</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>Takes one state update; returns the restart to make if it is an unexpected exit.</summary>
    public PlannedRestart? Observe(string? state, HealthStatus? health, int? exitCode, DateTimeOffset now)
    {
        // Updates without a state (a new process being created) say nothing about how the last one ended.
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        var previous = lastState;
        lastState = state;
        if (state == KnownResourceStates.Running)
        {
            hasRun = true;
            if (health == HealthStatus.Healthy)
            {
                healthySince ??= now;
            }

            return null;
        }

        if (!KnownResourceStates.TerminalStates.Contains(state) || previous is null || KnownResourceStates.TerminalStates.Contains(previous))
        {
            return null;
        }

        var ranHealthyFor = healthySince is { } since ? now - since : TimeSpan.Zero;
        healthySince = null;
        if (previous == KnownResourceStates.Stopping || !hasRun)
        {
            // Asked to stop, or never ran at all (a configuration error a restart would not mend).
            return null;
        }

        if (ranHealthyFor >= policy.ResetAfter)
        {
            consecutive = 0;
        }

        consecutive++;
        return new PlannedRestart(policy.DelayBefore(consecutive), consecutive, exitCode);
    }

    /// <summary>Counts a restart the supervisor has made.</summary>
    public int Restarted() => Interlocked.Increment(ref restarts);
}

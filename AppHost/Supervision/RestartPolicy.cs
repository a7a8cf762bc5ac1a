namespace Platform.AppHost.Supervision;

/// <summary>
/// How a resource that exits on its own is started again, as Kubernetes does for a crashing container:
/// after <see cref="InitialDelay"/>, doubling at every consecutive crash up to <see cref="MaxDelay"/>, and
/// from <see cref="InitialDelay"/> again once the resource has run healthy for <see cref="ResetAfter"/>.
/// </summary>
public sealed record RestartPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan ResetAfter)
{
    public static RestartPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));

    /// <summary>The wait before the <paramref name="consecutive"/>th restart in a row (1, 2, 3, ...).</summary>
    public TimeSpan DelayBefore(int consecutive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutive, 1);
        var delay = InitialDelay * Math.Pow(2, Math.Min(consecutive - 1, 30));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}

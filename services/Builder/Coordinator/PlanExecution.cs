using Platform.Builder.Coordinator.Planning;
using Platform.Builder.Workers.Building;
using Platform.Catalog.Planning;

namespace Platform.Builder.Coordinator;

/// <summary>
/// Where one commit's plan is: the wave in progress, the builds still out, what was pushed and what
/// failed. The coordinator advances it as results come back; not thread-safe (the coordinator locks).
/// </summary>
public sealed class PlanExecution(
    string commit, Guid correlationId, BuildPlan plan, IReadOnlyDictionary<string, PushedImage> pushedBefore, IReadOnlyDictionary<string, string> upstream)
{
    private readonly List<IGrouping<int, PlannedBuild>> waves = [.. plan.Waves];
    private readonly Dictionary<string, PlannedBuild> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> keys = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int wave = -1;

    public string Commit { get; } = commit;

    public Guid CorrelationId { get; } = correlationId;

    /// <summary>The followed revision the commit was planned for, with its tags; null: <c>Catalog:Ref</c>, tagged <c>latest</c>.</summary>
    public RevisionTags? Revision { get; init; }

    public Dictionary<string, PushedImage> Pushed { get; } = new(pushedBefore, StringComparer.Ordinal);

    /// <summary>The digest the watcher announced for each upstream image, by its reference as Dockerfiles write it.</summary>
    public IReadOnlyDictionary<string, string> Upstream { get; } = upstream;

    public HashSet<string> Failed { get; } = new(StringComparer.Ordinal);

    public Task Completion => done.Task;

    public bool IsPending(string image) => pending.ContainsKey(image);

    public PlannedBuild? PendingBuild(string image) => pending.GetValueOrDefault(image);

    public IEnumerable<string> PendingImages => pending.Keys;

    /// <summary>The build key a pending image was sent (or adopted) under.</summary>
    public void Assign(string image, string buildKey) => keys[image] = buildKey;

    public string? KeyOf(string image) => keys.GetValueOrDefault(image);

    /// <summary>The pending image whose build has this key: answers are matched by key, so an answer to a command sent before a restart counts.</summary>
    public string? PendingWithKey(string buildKey) =>
        pending.Keys.FirstOrDefault(image => keys.GetValueOrDefault(image) == buildKey);

    /// <summary>The builds of the next wave, or none when the plan is over (then <see cref="Completion"/> is done).</summary>
    public IReadOnlyList<PlannedBuild> NextWave()
    {
        if (pending.Count > 0)
        {
            return [];
        }

        if (++wave >= waves.Count)
        {
            done.TrySetResult();
            return [];
        }

        foreach (var build in waves[wave])
        {
            pending[build.Image.Spec.Name] = build;
        }

        return [.. waves[wave]];
    }

    public void Succeeded(string image, PushedImage pushed)
    {
        pending.Remove(image);
        Pushed[image] = pushed;
    }

    public void Fail(string image)
    {
        pending.Remove(image);
        Failed.Add(image);
    }
}

using Platform.Contracts;

namespace Platform.Console.Live;

/// <summary>
/// The cache of builds in flight, from the bus: the builder's history has a build only once it ended, so what is
/// queued or running (and what ended a moment ago) is known from the events. Bounded; old entries are dropped.
/// </summary>
public sealed class AttemptBoard(TimeProvider time)
{
    public const int Capacity = 2000;
    public static readonly TimeSpan KeepFinished = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan KeepUnfinished = TimeSpan.FromHours(6);

    private readonly Lock gate = new();
    private readonly Dictionary<(string Image, string Commit), BuildInFlight> builds = [];

    public IReadOnlyList<BuildInFlight> Current
    {
        get
        {
            lock (gate)
            {
                return [.. builds.Values];
            }
        }
    }

    public void Planned(BuildImage command) => Update(command.Image, command.Commit, command.CorrelationId, old =>
        (old ?? New(command.Image, command.Commit, command.CorrelationId, BuildState.Queued)) with
        {
            // A plan after an end is a retry of the same commit: queued again.
            State = old is null || old.Finished ? BuildState.Queued : old.State,
            Wave = command.Wave,
            At = time.GetUtcNow(),
            Reasons = command.Reasons,
        });

    public void Started(ImageBuildStarted started) => Update(started.Image, started.Commit, started.CorrelationId, old =>
        old is { Finished: true } && old.AttemptId == started.AttemptId
            ? old
            : (old ?? New(started.Image, started.Commit, started.CorrelationId, BuildState.Running)) with
            {
                State = BuildState.Running,
                AttemptId = started.AttemptId,
                Instance = started.Instance,
                StartedAt = started.StartedAt,
                FinishedAt = null,
                Stage = null,
                Error = null,
                At = time.GetUtcNow(),
            });

    public void Pushed(ImagePushed pushed) => Update(pushed.Image, pushed.Commit, pushed.CorrelationId, old =>
        (old ?? New(pushed.Image, pushed.Commit, pushed.CorrelationId, BuildState.Pushed)) with
        {
            State = BuildState.Pushed,
            AttemptId = pushed.AttemptId ?? old?.AttemptId,
            Instance = pushed.BuiltBy ?? old?.Instance,
            Digest = pushed.Digest,
            Platforms = pushed.Platforms,
            Tags = pushed.Tags,
            FinishedAt = pushed.PushedAt,
            At = time.GetUtcNow(),
        });

    public void Failed(ImageBuildFailed failed) => Update(failed.Image, failed.Commit, failed.CorrelationId, old =>
        (old ?? New(failed.Image, failed.Commit, failed.CorrelationId, BuildState.Failed)) with
        {
            State = BuildState.Failed,
            AttemptId = failed.AttemptId ?? old?.AttemptId,
            Instance = failed.BuiltBy ?? old?.Instance,
            Stage = failed.Stage.ToName(),
            Error = failed.Error,
            FinishedAt = failed.FailedAt,
            At = time.GetUtcNow(),
        });

    private BuildInFlight New(string image, string commit, Guid correlationId, BuildState state) => new(image, commit, correlationId, state, time.GetUtcNow());

    private void Update(string image, string commit, Guid correlationId, Func<BuildInFlight?, BuildInFlight> change)
    {
        lock (gate)
        {
            var key = (image, commit);
            builds[key] = change(builds.GetValueOrDefault(key)) with { CorrelationId = correlationId };
            Prune();
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, build) in builds.Where(b => now - b.Value.At > (b.Value.Finished ? KeepFinished : KeepUnfinished)).ToList())
        {
            builds.Remove(key);
        }

        foreach (var (key, _) in builds.OrderBy(b => b.Value.At).Take(Math.Max(0, builds.Count - Capacity)).ToList())
        {
            builds.Remove(key);
        }
    }
}

using Platform.Contracts;

namespace Platform.Console.Live;

/// <summary>One image's build at one commit as the bus told it: planned, started, pushed or failed (before the history has it).</summary>
public sealed record BuildInFlight(string Image, string Commit, Guid CorrelationId, BuildState State, DateTimeOffset At)
{
    public int? Wave { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public Guid? AttemptId { get; init; }

    public string? Instance { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Digest { get; init; }

    public IReadOnlyList<PlatformImage> Platforms { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Stage { get; init; }

    public string? Error { get; init; }

    public bool Finished => State is BuildState.Pushed or BuildState.Failed;
}

public enum BuildState
{
    /// <summary>The coordinator handed the build out (BuildImage); no instance has taken it yet.</summary>
    Queued,

    /// <summary>An instance took it (ImageBuildStarted).</summary>
    Running,

    /// <summary>ImagePushed.</summary>
    Pushed,

    /// <summary>ImageBuildFailed.</summary>
    Failed,
}

using Platform.Contracts;

namespace Platform.Builder.Workers.Building;

/// <summary>An image could not be built or pushed; the stage and platform say where, the log tail says why.</summary>
public sealed class BuildFailure(BuildFailureStage stage, string message, IReadOnlyList<string> logTail, Exception? inner = null, string? platform = null)
    : Exception(message, inner)
{
    public BuildFailureStage Stage { get; } = stage;

    public IReadOnlyList<string> LogTail { get; } = logTail;

    /// <summary>The platform that failed, or null when the failure is not one platform's.</summary>
    public string? Platform { get; } = platform;
}

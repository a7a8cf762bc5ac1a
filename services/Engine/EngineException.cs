namespace Platform.Engine;

/// <summary>The Docker engine refused or failed a build, push, pull or container operation.</summary>
public sealed class EngineException(string message, IReadOnlyList<string> logTail, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<string> LogTail { get; } = logTail;
}

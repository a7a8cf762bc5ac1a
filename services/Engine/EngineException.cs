namespace Platform.Engine;

/// <summary>The Docker engine refused or failed a build, push, pull or container operation.</summary>
public sealed class EngineException(string message, IReadOnlyList<string> logTail, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<string> LogTail { get; } = logTail;

    /// <summary>
    /// A failure that may pass by itself: the registry behind a push or pull could not be reached, timed out, answered
    /// 5xx or 429. The engine reports a registry's trouble only as text in its message stream.
    /// </summary>
    public bool IsTransient =>
        Message.Contains("connection refused", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("connection reset", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("503", StringComparison.Ordinal)
        || Message.Contains("502", StringComparison.Ordinal)
        || Message.Contains("500 Internal", StringComparison.Ordinal)
        || Message.Contains("timeout", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("too many requests", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("unexpected EOF", StringComparison.OrdinalIgnoreCase);
}

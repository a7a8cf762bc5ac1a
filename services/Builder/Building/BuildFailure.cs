namespace Platform.Builder.Building;

/// <summary>An image could not be built or pushed; the stage says where and the log tail says why.</summary>
public sealed class BuildFailure(string stage, string message, IReadOnlyList<string> logTail, Exception? inner = null)
    : Exception(message, inner)
{
    public const string Spec = "spec";
    public const string Base = "base";
    public const string Build = "build";
    public const string Push = "push";

    public string Stage { get; } = stage;

    public IReadOnlyList<string> LogTail { get; } = logTail;
}

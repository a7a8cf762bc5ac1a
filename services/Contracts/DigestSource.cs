namespace Platform.Contracts;

/// <summary>How the registry watcher learned of a new digest.</summary>
public enum DigestSource
{
    Poll,
    Webhook,
    BuilderHint,
}

namespace Platform.Catalog.Git;

/// <summary>A git command failed; the message carries the command and what git said.</summary>
public sealed class GitException(string message) : Exception(message);

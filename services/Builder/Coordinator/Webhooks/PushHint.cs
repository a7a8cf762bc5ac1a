namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>What an authentic webhook request says. It is only a hint: the builder reads what the repository really has.</summary>
public abstract record PushHint
{
    /// <summary>The provider checks that the URL answers (GitHub's <c>ping</c>).</summary>
    public sealed record Ping : PushHint;

    /// <summary>An event that is not a push (an issue, a pull request, ...).</summary>
    public sealed record Ignored(string Reason) : PushHint;

    /// <param name="Refs">The full refs pushed (<c>refs/heads/main</c>); empty when the sender does not say.</param>
    /// <param name="After">The commit a ref points at after the push, when the sender says: for the log only.</param>
    /// <param name="Repository">Every name and URL the payload gives its repository by.</param>
    public sealed record Push(IReadOnlyList<string> Refs, string? After, IReadOnlyList<string> Repository) : PushHint;
}

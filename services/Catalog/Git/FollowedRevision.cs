namespace Platform.Catalog.Git;

/// <summary>
/// A revision a service follows, as written in <c>Catalog:Ref</c> or <c>Builder:Refs</c>: <c>HEAD</c>, a branch
/// (<c>main</c>, <c>refs/heads/main</c>), a tag (<c>v1.2.0</c>, <c>refs/tags/v1.2.0</c>), or a tag pattern
/// (<c>v*</c>, <c>refs/tags/release-*</c>) that follows the newest tag it matches. "Newest" is git's version order
/// (<c>v1.10.0</c> after <c>v1.9.2</c>), not the date: a hotfix tagged on an old line never takes the pattern back.
/// </summary>
public sealed record FollowedRevision(string Text)
{
    public bool IsPattern => Text.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>The <c>for-each-ref</c> pattern of a tag pattern (<c>refs/tags/v*</c>).</summary>
    private string TagPattern => Text.StartsWith("refs/", StringComparison.Ordinal) ? Text : "refs/tags/" + Text;

    /// <summary>Whether a pushed ref (<c>refs/heads/main</c>, <c>refs/tags/v1.3.0</c>) may move this revision.</summary>
    public bool Matches(string pushedRef, string? headBranch)
    {
        if (Text == "HEAD")
        {
            // A detached HEAD (no branch): any ref may be it.
            return headBranch is null || headBranch == pushedRef;
        }

        if (IsPattern)
        {
            return pushedRef.StartsWith("refs/tags/", StringComparison.Ordinal)
                && System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(TagPattern, pushedRef, ignoreCase: false)
                && GlobIsLiteralAboutSlashes(pushedRef);
        }

        return Text.StartsWith("refs/", StringComparison.Ordinal)
            ? pushedRef == Text
            : pushedRef == "refs/heads/" + Text || pushedRef == "refs/tags/" + Text;
    }

    /// <summary>The full ref and commit the revision names now; null when it names nothing (a deleted branch, no tag matching yet).</summary>
    public async Task<ResolvedRevision?> ResolveAsync(GitRepository repository, CancellationToken cancellationToken)
    {
        string? name;
        if (IsPattern)
        {
            var (_, output) = await repository.TryRunAsync(
                ["for-each-ref", "--sort=-v:refname", "--count=1", "--format=%(refname)", TagPattern], cancellationToken);
            name = output.Trim() is { Length: > 0 } newest ? newest : null;
        }
        else if (Text == "HEAD")
        {
            name = "HEAD";
        }
        else
        {
            // A branch or tag gets its full name; a commit id has none (and a deleted branch resolves to nothing below).
            var (exitCode, output) = await repository.TryRunAsync(["rev-parse", "--verify", "--quiet", "--symbolic-full-name", Text], cancellationToken);
            name = exitCode == 0 && output.Trim() is { Length: > 0 } full ? full : Text;
        }

        if (name is null)
        {
            return null;
        }

        return await repository.TryResolveCommitAsync(name, cancellationToken) is { } commit ? new ResolvedRevision(name, commit) : null;
    }

    /// <summary>
    /// Only the commit the revision names now (null when it names nothing): one git process for a branch, a tag or
    /// HEAD, for readers that need no ref name (the catalogue at the followed revision is read often).
    /// </summary>
    public async Task<string?> ResolveCommitAsync(GitRepository repository, CancellationToken cancellationToken)
    {
        if (IsPattern)
        {
            return (await ResolveAsync(repository, cancellationToken))?.Commit;
        }

        return await repository.TryResolveCommitAsync(Text, cancellationToken);
    }

    public override string ToString() => Text;

    /// <summary>git's wildmatch lets <c>*</c> cross no <c>/</c> in a for-each-ref pattern; FileSystemName's <c>*</c> would.</summary>
    private bool GlobIsLiteralAboutSlashes(string pushedRef) =>
        pushedRef.Count(c => c == '/') == TagPattern.Count(c => c == '/');
}

/// <summary>Where a followed revision points: its full ref name (<c>refs/heads/main</c>, <c>refs/tags/v1.2.0</c>, or <c>HEAD</c>) and commit.</summary>
public sealed record ResolvedRevision(string Ref, string Commit)
{
    public bool IsTag => Ref.StartsWith("refs/tags/", StringComparison.Ordinal);

    public bool IsBranch => Ref.StartsWith("refs/heads/", StringComparison.Ordinal);

    /// <summary>The short name: <c>main</c>, <c>v1.2.0</c>, <c>HEAD</c>.</summary>
    public string Name => IsTag ? Ref["refs/tags/".Length..] : IsBranch ? Ref["refs/heads/".Length..] : Ref;
}

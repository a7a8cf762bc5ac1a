using Platform.Catalog.Git;

namespace Platform.Cli.Git;

/// <summary>Turns what a person types (a branch, tag, sha, origin/main, HEAD~3) into a commit id, with a message that names what was wrong.</summary>
public static class Revisions
{
    public static async Task<string> ResolveAsync(GitRepository repository, string revision, CancellationToken cancellationToken)
    {
        // A leading '-' would reach git as an option.
        if (revision.Length > 0 && !revision.StartsWith('-') && !revision.Any(char.IsControl) && await TryResolveAsync(repository, revision, cancellationToken) is { } commit)
        {
            return commit;
        }

        throw new CommandLineException($"unknown revision '{revision}' in {repository.Path}");
    }

    /// <summary>The first parent of <paramref name="commit"/>, or null for a root commit (or the oldest commit of a shallow clone).</summary>
    public static Task<string?> ParentAsync(GitRepository repository, string commit, CancellationToken cancellationToken) =>
        TryResolveAsync(repository, commit + "^", cancellationToken);

    private static async Task<string?> TryResolveAsync(GitRepository repository, string revision, CancellationToken cancellationToken)
    {
        try
        {
            return await repository.ResolveCommitAsync(revision, cancellationToken) is { Length: > 0 } commit ? commit : null;
        }
        catch (GitException)
        {
            return null;
        }
    }
}

using Platform.Catalog.Git;

namespace Platform.Cli.Git;

/// <summary>Finds the git repository a folder belongs to, the way git itself does from a subfolder.</summary>
public static class WorkTree
{
    /// <summary>The repository whose work tree holds <paramref name="folder"/> (or the bare repository it is), opened at its root.</summary>
    public static async Task<GitRepository> FindAsync(string folder, CancellationToken cancellationToken)
    {
        string full;
        try
        {
            full = Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CommandLineException($"the repository folder '{folder}' is not a path: {e.Message}");
        }

        if (File.Exists(full))
        {
            throw new CommandLineException($"the repository folder {full} is a file, not a folder");
        }

        if (!Directory.Exists(full))
        {
            throw new CommandLineException($"the repository folder {full} does not exist");
        }

        var probe = new GitRepository(full);
        string bare;
        try
        {
            bare = (await probe.RunAsync(["rev-parse", "--is-bare-repository"], cancellationToken)).Trim();
        }
        catch (GitException)
        {
            throw new CommandLineException($"not a git repository: {full} (nor any folder above it)");
        }

        // Paths of the catalogue are relative to the root of the work tree, so git must run there.
        var root = bare == "true"
            ? await probe.RunAsync(["rev-parse", "--absolute-git-dir"], cancellationToken)
            : await probe.RunAsync(["rev-parse", "--show-toplevel"], cancellationToken);
        return new GitRepository(root.Trim());
    }
}

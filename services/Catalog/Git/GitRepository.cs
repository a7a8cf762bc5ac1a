using System.Diagnostics;
using System.Text;

namespace Platform.Catalog.Git;

/// <summary>
/// A git repository on disk, read through the git command line so that every repository format git
/// understands (worktrees, packed refs, partial clones) works. Reads commits, never the work tree or the index.
/// A mirror of a remote passes its <see cref="GitAccess"/>: a partial clone fetches the blobs it lacks.
/// </summary>
public sealed partial class GitRepository(string path, GitAccess? access = null)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>How git reaches the remote of this repository (nothing for a local one).</summary>
    public GitAccess Access { get; } = access ?? GitAccess.Local;

    public async Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellationToken);
        return output.Trim();
    }

    /// <summary>The commit a revision names (<c>main</c>, <c>v1.2</c>, <c>abc^1</c>), or null when it names none.</summary>
    public async Task<string?> TryResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await TryRunAsync(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellationToken);
        return exitCode == 0 && output.Trim() is { Length: > 0 } commit ? commit : null;
    }

    /// <summary>True when the commit exists here (a force push or a fresh clone can lose old commits).</summary>
    public async Task<bool> ContainsCommitAsync(string commit, CancellationToken cancellationToken)
    {
        // A partial clone would fetch a commit it lacks on the spot, without its branch: ask the probe, which never fetches.
        string[] args = ["cat-file", "-e", commit + "^{commit}"];
        if (await IsPartialAsync(cancellationToken))
        {
            using var process = Start(args, redirectStdin: false, await ProbeAsync(cancellationToken));
            using var abandoned = GitProcess.KillWhenAbandoned(process, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0;
        }

        var result = await RunCoreAsync(args, cancellationToken);
        return result.ExitCode == 0;
    }

    /// <summary>Paths of every file under <paramref name="folder"/> at <paramref name="commit"/>, relative to the repository root.</summary>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["ls-tree", "-r", "-z", "--name-only", commit, "--", Pathspec(folder)], cancellationToken);
        return SplitNul(output);
    }

    /// <summary>Files that differ between two commits under the given folders.</summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(
        string fromCommit, string toCommit, IEnumerable<string> folders, CancellationToken cancellationToken)
    {
        string[] args = ["diff", "--name-only", "-z", "--no-renames", fromCommit, toCommit, "--", .. folders.Select(Pathspec)];
        var output = await RunAsync(args, cancellationToken);
        return SplitNul(output);
    }

    /// <summary>Every file under <paramref name="folder"/> at <paramref name="commit"/> with its mode and blob id (submodules and links included).</summary>
    /// <remarks>
    /// A large repository lists a hundred thousand files (10 MB): the records are read from git's output as it writes
    /// them, "&lt;mode&gt; SP &lt;type&gt; SP &lt;object&gt; TAB &lt;path&gt;" NUL, and only the path and object id become strings.
    /// </remarks>
    public async Task<IReadOnlyList<TreeEntry>> ListTreeAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        string[] args = ["ls-tree", "-r", "-z", "--full-tree", commit, "--", Pathspec(folder)];
        using var process = Start(args, redirectStdin: false);
        using var abandoned = GitProcess.KillWhenAbandoned(process, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var entries = new List<TreeEntry>();
        var output = process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        var filled = 0;
        int read;
        while ((read = await output.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
            var consumed = ParseTreeRecords(buffer.AsSpan(0, filled), entries);
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                // One record longer than the buffer (a very long path).
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw Failed(args, process.ExitCode, Access.Redact(await errors));
        }

        return entries;
    }

    /// <summary>Adds the whole records of <paramref name="bytes"/> to <paramref name="entries"/>; returns how many bytes they took.</summary>
    private static int ParseTreeRecords(ReadOnlySpan<byte> bytes, List<TreeEntry> entries)
    {
        var consumed = 0;
        int length;
        while ((length = bytes[consumed..].IndexOf((byte)0)) >= 0)
        {
            var record = bytes.Slice(consumed, length);
            consumed += length + 1;
            var tab = record.IndexOf((byte)'\t');
            if (tab < 0)
            {
                continue;
            }

            var fields = record[..tab];
            var mode = fields[..fields.IndexOf((byte)' ')];
            var objectId = fields[(fields.LastIndexOf((byte)' ') + 1)..];
            entries.Add(new TreeEntry(Encoding.UTF8.GetString(record[(tab + 1)..]), Mode(mode), Encoding.ASCII.GetString(objectId)));
        }

        return consumed;
    }

    /// <summary>The file modes git writes, as shared strings.</summary>
    private static string Mode(ReadOnlySpan<byte> mode) =>
        mode.SequenceEqual("100644"u8) ? "100644"
        : mode.SequenceEqual("100755"u8) ? "100755"
        : mode.SequenceEqual("120000"u8) ? "120000"
        : mode.SequenceEqual("160000"u8) ? "160000"
        : Encoding.ASCII.GetString(mode);

    /// <summary>The files under <paramref name="folder"/> that differ between two commits, with their new blob ids.</summary>
    public async Task<IReadOnlyList<TreeChange>> DiffTreeAsync(string fromCommit, string toCommit, string folder, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", fromCommit, toCommit, "--", Pathspec(folder)], cancellationToken);
        var fields = output.Split('\0');
        var changes = new List<TreeChange>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            // ":<old mode> <new mode> <old object> <new object> <status>" NUL "<path>"
            var header = fields[i].TrimStart(':').Split(' ');
            if (header.Length < 5)
            {
                break;
            }

            var deleted = header[4].StartsWith('D');
            changes.Add(new TreeChange(fields[i + 1], deleted ? null : header[1], deleted ? null : header[3]));
        }

        return changes;
    }

    public async Task<string?> ReadFileAsync(string commit, string file, CancellationToken cancellationToken)
    {
        var result = await RunCoreAsync(["show", $"{commit}:{file}"], cancellationToken);
        return result.ExitCode == 0 ? result.Output : null;
    }

    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunCoreAsync(args, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw Failed(args, result.ExitCode, result.Error);
        }

        return result.Output;
    }

    /// <summary>Runs git; returns its exit code and output instead of failing (for commands that answer with the exit code).</summary>
    public async Task<(int ExitCode, string Output)> TryRunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (exitCode, output, _) = await RunCoreAsync(args, cancellationToken);
        return (exitCode, output);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunCoreAsync(
        IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        EnsureExists();
        var (exitCode, output, error) = await GitProcess.RunAsync(Path, args, Access, null, cancellationToken, commitsOnly: true);
        return (exitCode, output, Access.Redact(error));
    }

    private Process Start(IReadOnlyList<string> args, bool redirectStdin, string? gitDirectory = null)
    {
        EnsureExists();
        return gitDirectory is null
            ? GitProcess.Start(Path, args, Access, redirectStdin, commitsOnly: true)
            : GitProcess.Start(null, ["--git-dir", gitDirectory, .. args], Access, redirectStdin, commitsOnly: true);
    }

    /// <param name="error">What git wrote on standard error, redacted.</param>
    private GitException Failed(IReadOnlyList<string> args, int exitCode, string error) =>
        new($"git {string.Join(' ', args)} failed in {Path} (exit {exitCode}): {error.Trim()}");

    private void EnsureExists()
    {
        if (!Directory.Exists(Path))
        {
            throw new GitException($"The repository folder {Path} does not exist.");
        }
    }

    internal static string Pathspec(string folder) =>
        folder is "" or "." ? "." : folder.TrimEnd('/') + "/";

    private static IReadOnlyList<string> SplitNul(string output) =>
        output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}

using System.Diagnostics;
using System.Text;

namespace Platform.Catalog.Git;

/// <summary>
/// A git repository on disk, read through the git command line so that every repository format git
/// understands (worktrees, packed refs, partial clones) works. Reads commits, never the work tree.
/// </summary>
public sealed class GitRepository(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellationToken);
        return output.Trim();
    }

    /// <summary>True when the commit exists here (a force push or a fresh clone can lose old commits).</summary>
    public async Task<bool> ContainsCommitAsync(string commit, CancellationToken cancellationToken)
    {
        var result = await RunCoreAsync(["cat-file", "-e", commit + "^{commit}"], cancellationToken);
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
    public async Task<IReadOnlyList<TreeEntry>> ListTreeAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["ls-tree", "-r", "-z", "--full-tree", commit, "--", Pathspec(folder)], cancellationToken);
        var entries = new List<TreeEntry>();
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> TAB <path>"
            var tab = record.IndexOf('\t');
            var fields = record[..tab].Split(' ');
            entries.Add(new TreeEntry(record[(tab + 1)..], fields[0], fields[2]));
        }

        return entries;
    }

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

    /// <summary>The contents of blobs by id, through one <c>git cat-file --batch</c>; ids git does not know are left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadBlobsAsync(IEnumerable<string> objectIds, CancellationToken cancellationToken)
    {
        var ids = objectIds.Distinct(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return result;
        }

        using var process = Start(["cat-file", "--batch"], redirectStdin: true);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var writing = Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                await process.StandardInput.WriteAsync(id + "\n");
            }

            process.StandardInput.Close();
        }, cancellationToken);

        await using var output = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        foreach (var id in ids)
        {
            var header = await ReadLineAsync(output, cancellationToken);
            var parts = header.Split(' ');
            if (parts.Length < 3 || parts[1] == "missing")
            {
                continue;
            }

            var size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            var buffer = new byte[size + 1];
            await output.ReadExactlyAsync(buffer, cancellationToken);
            result[id] = Encoding.UTF8.GetString(buffer, 0, size);
        }

        await writing;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitException($"git cat-file --batch failed in {Path}: {(await errors).Trim()}");
        }

        return result;
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(96);
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1 && one[0] != (byte)'\n')
        {
            bytes.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    public async Task<string?> ReadFileAsync(string commit, string file, CancellationToken cancellationToken)
    {
        var result = await RunCoreAsync(["show", $"{commit}:{file}"], cancellationToken);
        return result.ExitCode == 0 ? result.Output : null;
    }

    /// <summary>The folder at the commit as a tar stream with the folder as its root: a Docker build context.</summary>
    public async Task<Stream> ArchiveAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        var tree = folder is "" or "." ? commit : $"{commit}:{folder.TrimEnd('/')}";
        var buffer = new MemoryStream();
        using var process = Start(["archive", "--format=tar", tree], redirectStdin: false);
        var copy = process.StandardOutput.BaseStream.CopyToAsync(buffer, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(copy, errors);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitException($"git archive {tree} failed in {Path}: {(await errors).Trim()}");
        }

        buffer.Position = 0;
        return buffer;
    }

    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunCoreAsync(args, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new GitException($"git {string.Join(' ', args)} failed in {Path} (exit {result.ExitCode}): {result.Error.Trim()}");
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
        using var process = Start(args, redirectStdin: false);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    private Process Start(IReadOnlyList<string> args, bool redirectStdin)
    {
        if (!Directory.Exists(Path))
        {
            throw new GitException($"The repository folder {Path} does not exist.");
        }

        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(Path);
        // A repository owned by another user is still ours to read.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("safe.directory=*");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        return Process.Start(info) ?? throw new GitException("git could not be started; is it installed and on PATH?");
    }

    private static string Pathspec(string folder) =>
        folder is "" or "." ? "." : folder.TrimEnd('/') + "/";

    private static IReadOnlyList<string> SplitNul(string output) =>
        output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}

using System.Text;

namespace Platform.Catalog.Git;

public sealed partial class GitRepository
{
    private readonly SemaphoreSlim probeGate = new(1, 1);
    private bool? partial;

    /// <summary>The contents of blobs by id, through one <c>git cat-file --batch</c>; ids git cannot read are left out.</summary>
    /// <remarks>In a partial clone the blobs it lacks are fetched first, in one request (git alone would fetch them one by one).</remarks>
    public async Task<IReadOnlyDictionary<string, string>> ReadBlobsAsync(IEnumerable<string> objectIds, CancellationToken cancellationToken)
    {
        var ids = objectIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (!await IsPartialAsync(cancellationToken))
        {
            return await CatBlobsAsync(ids, gitDirectory: null, cancellationToken);
        }

        // The probe reads our objects without a promisor remote: what it cannot read is missing, nothing is fetched one by one.
        var probe = await ProbeAsync(cancellationToken);
        var found = await CatBlobsAsync(ids, probe, cancellationToken);
        var missing = ids.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0 && await FetchObjectsAsync(missing, cancellationToken))
        {
            foreach (var (id, text) in await CatBlobsAsync(missing, probe, cancellationToken))
            {
                ((Dictionary<string, string>)found)[id] = text;
            }
        }

        return found;
    }

    /// <summary>The folder at the commit as a tar stream with the folder as its root: a Docker build context.</summary>
    public async Task<Stream> ArchiveAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        if (await IsPartialAsync(cancellationToken))
        {
            await PrefetchFolderAsync(commit, folder, cancellationToken);
        }

        var tree = folder is "" or "." ? commit : $"{commit}:{folder.TrimEnd('/')}";
        var buffer = new MemoryStream();
        using var process = Start(["archive", "--format=tar", tree], redirectStdin: false);
        using var abandoned = GitProcess.KillWhenAbandoned(process, cancellationToken);
        var copy = process.StandardOutput.BaseStream.CopyToAsync(buffer, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await Task.WhenAll(copy, errors);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitException($"git archive {tree} failed in {Path}: {Access.Redact((await errors).Trim())}");
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>True when this is a partial mirror of a remote (blobs are fetched when needed, in one request per read).</summary>
    /// <remarks>A local repository is read as it is, even a partial clone: nothing is written beside a folder of the user's.</remarks>
    public async Task<bool> IsPartialAsync(CancellationToken cancellationToken)
    {
        if (partial is { } known)
        {
            return known;
        }

        if (ReferenceEquals(Access, GitAccess.Local))
        {
            partial = false;
            return false;
        }

        var (exitCode, output, _) = await RunCoreAsync(["config", "--get", "remote.origin.promisor"], cancellationToken);
        partial = exitCode == 0 && output.Trim() == "true";
        return partial.Value;
    }

    /// <summary>Fetches the blobs of a folder at a commit that this partial clone lacks, in one request.</summary>
    private async Task PrefetchFolderAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        var blobs = (await ListTreeAsync(commit, folder, cancellationToken))
            .Where(e => e.Mode is not ("160000" or "040000"))
            .Select(e => e.ObjectId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var present = await CatBlobsAsync(blobs, await ProbeAsync(cancellationToken), cancellationToken, headersOnly: true);
        var missing = blobs.Where(id => !present.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            await FetchObjectsAsync(missing, cancellationToken);
        }
    }

    /// <summary>Asks the remote for exactly these objects, as git's own lazy fetch does but all at once; false when the remote cannot be asked.</summary>
    private async Task<bool> FetchObjectsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        using var process = Start(
            ["-c", "fetch.negotiationAlgorithm=noop", "fetch", "origin", "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no", "--filter=blob:none", "--stdin"],
            redirectStdin: true);
        using var abandoned = GitProcess.KillWhenAbandoned(process, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        foreach (var id in ids)
        {
            await process.StandardInput.WriteAsync(id + "\n");
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);

        await output;
        if (process.ExitCode != 0)
        {
            // What is still missing is reported by the reader that needed it.
            LastFetchError = Access.Redact((await errors).Trim());
            return false;
        }

        return true;
    }

    /// <summary>What git said when fetching missing objects failed last (for the error that reports the missing blob).</summary>
    public string? LastFetchError { get; private set; }

    /// <summary>An empty bare repository that borrows this one's objects (alternates) and has no remote, so that a missing object is reported, not fetched.</summary>
    private async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = Path.TrimEnd('/') + ".probe";
        await probeGate.WaitAsync(cancellationToken);
        try
        {
            var alternates = System.IO.Path.Combine(probe, "objects", "info", "alternates");
            if (!File.Exists(alternates))
            {
                var (exitCode, _, error) = await GitProcess.RunAsync(null, ["init", "--quiet", "--bare", probe], GitAccess.Local, null, cancellationToken);
                if (exitCode != 0)
                {
                    throw new GitException($"git init {probe} failed: {error.Trim()}");
                }

                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(alternates)!);
                await File.WriteAllTextAsync(alternates, System.IO.Path.Combine(Path, "objects") + "\n", cancellationToken);
            }

            return probe;
        }
        finally
        {
            probeGate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> CatBlobsAsync(
        IReadOnlyList<string> ids, string? gitDirectory, CancellationToken cancellationToken, bool headersOnly = false)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return result;
        }

        using var process = Start(["cat-file", headersOnly ? "--batch-check" : "--batch"], redirectStdin: true, gitDirectory);
        using var abandoned = GitProcess.KillWhenAbandoned(process, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var writing = Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                await process.StandardInput.WriteAsync(id + "\n");
            }

            process.StandardInput.Close();
        }, cancellationToken);

        var output = new BatchOutput(process.StandardOutput.BaseStream);
        foreach (var id in ids)
        {
            var header = await output.ReadLineAsync(cancellationToken);
            var parts = header.Split(' ');
            if (parts.Length < 3 || parts[1] == "missing")
            {
                continue;
            }

            if (headersOnly)
            {
                result[id] = "";
                continue;
            }

            var size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            result[id] = await output.ReadContentAsync(size, cancellationToken);
        }

        await writing;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitException($"git cat-file --batch failed in {Path}: {(await errors).Trim()}");
        }

        return result;
    }

    /// <summary>
    /// The output of <c>git cat-file --batch</c>: header lines, each followed by the object's bytes and a newline. Read
    /// through one buffer, since a first load reads thousands of small objects in one go.
    /// </summary>
    private sealed class BatchOutput(Stream stream)
    {
        private readonly byte[] buffer = new byte[1 << 16];
        private int start;
        private int end;

        public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            // Only a line that runs past the end of the buffer is put together from pieces.
            List<byte>? line = null;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline >= 0)
                {
                    var text = line is null
                        ? Encoding.UTF8.GetString(buffer, start, newline - start)
                        : Encoding.UTF8.GetString([.. line, .. buffer.AsSpan(start, newline - start)]);
                    start = newline + 1;
                    return text;
                }

                (line ??= []).AddRange(buffer.AsSpan(start, end - start));
                if (!await FillAsync(cancellationToken))
                {
                    return Encoding.UTF8.GetString([.. line ?? []]);
                }
            }
        }

        /// <summary>The next <paramref name="size"/> bytes as UTF-8 text, and the newline after them skipped.</summary>
        public async Task<string> ReadContentAsync(int size, CancellationToken cancellationToken)
        {
            var content = new byte[size];
            var copied = 0;
            while (copied < size)
            {
                if (start == end && !await FillAsync(cancellationToken))
                {
                    throw new EndOfStreamException("git cat-file --batch ended in the middle of an object");
                }

                var count = Math.Min(size - copied, end - start);
                Buffer.BlockCopy(buffer, start, content, copied, count);
                start += count;
                copied += count;
            }

            if (start == end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("git cat-file --batch ended in the middle of an object");
            }

            start++;
            return Encoding.UTF8.GetString(content);
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            start = 0;
            end = await stream.ReadAsync(buffer, cancellationToken);
            return end > 0;
        }
    }
}

using System.Text;
using Platform.Catalog.Git;
using Platform.Testing;

namespace Platform.Catalog.Tests.Git;

/// <summary>
/// The reads a first load of a large repository depends on, against what git itself prints: a tree of thousands of
/// records read as git writes them (across the reader's buffer), blobs of every size, and reads that never need the index.
/// </summary>
public sealed class GitReadsTests
{
    [Fact]
    public async Task A_large_tree_is_read_record_for_record_as_git_lists_it()
    {
        using var repo = await TempGitRepository.CreateAsync();
        for (var i = 0; i < 3000; i++)
        {
            repo.WriteFile($"images/group-{i / 100:00}/app-{i:0000}/src/module with space {i}.py", $"print({i})\n");
        }

        repo.WriteFile("images/odd/tab\there.txt", "tab\n");
        repo.WriteFile("images/odd/new\nline.txt", "newline\n");
        repo.WriteFile("images/odd/ünïcode-файл.txt", "unicode\n");
        repo.WriteFile("images/odd/run.sh", "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(repo.Path, "images/odd/run.sh"), (UnixFileMode)0b111_101_101);
        }

        File.CreateSymbolicLink(Path.Combine(repo.Path, "images/odd/link"), "run.sh");
        var commit = await repo.CommitAllAsync("many files");

        var entries = await new GitRepository(repo.Path).ListTreeAsync(commit, ".", CancellationToken.None);

        var expected = (await RawOutputAsync(repo.Path, "ls-tree", "-r", "-z", "--full-tree", commit))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(record => (Fields: record[..record.IndexOf('\t')].Split(' '), Path: record[(record.IndexOf('\t') + 1)..]))
            .Select(r => new TreeEntry(r.Path, r.Fields[0], r.Fields[2]))
            .ToList();
        Assert.Equal(3005, expected.Count);
        Assert.Equal(expected, entries);
        Assert.Contains(entries, e => e.Path == "images/odd/run.sh" && e.Mode == "100755");
        Assert.Contains(entries, e => e.Path == "images/odd/link" && e.Mode == "120000");
        Assert.Contains(entries, e => e.Path == "images/odd/new\nline.txt");
    }

    [Fact]
    public async Task Blobs_of_every_size_are_read_whole_across_the_readers_buffer()
    {
        using var repo = await TempGitRepository.CreateAsync();
        var sizes = new[] { 0, 1, 2, 65_535, 65_536, 65_537, 200_003 };
        var contents = sizes.Select(size => string.Concat(Enumerable.Range(0, size).Select(i => i % 61 == 60 ? '\n' : (char)('a' + (i % 26))))).ToList();
        contents.Add("ünïcode\nфайл\n");
        for (var i = 0; i < contents.Count; i++)
        {
            repo.WriteBytes($"blob-{i}.txt", Encoding.UTF8.GetBytes(contents[i]));
        }

        var commit = await repo.CommitAllAsync("blobs");
        var git = new GitRepository(repo.Path);
        var ids = (await git.ListTreeAsync(commit, ".", CancellationToken.None)).ToDictionary(e => e.Path, e => e.ObjectId);

        var read = await git.ReadBlobsAsync([.. ids.Values, "0000000000000000000000000000000000000001"], CancellationToken.None);

        for (var i = 0; i < contents.Count; i++)
        {
            Assert.Equal(contents[i], read[ids[$"blob-{i}.txt"]]);
        }

        Assert.Equal(ids.Values.Distinct().Count(), read.Count);
    }

    [Fact]
    public async Task Reading_commits_never_reads_the_index_of_the_work_tree()
    {
        using var repo = await TempGitRepository.CreateAsync();
        repo.WriteFile("images/a/Dockerfile", "FROM scratch\n");
        var first = await repo.CommitAllAsync("one");
        repo.WriteFile("images/a/Dockerfile", "FROM scratch\nCOPY . /\n");
        var second = await repo.CommitAllAsync("two");
        // A damaged index (a crashed editor, a half-written checkout) is the work tree's business, not the catalogue's; git
        // itself refuses to compare the two commits with it, and reading a large repository's index costs every command time.
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".git", "index"), "not an index");
        var git = new GitRepository(repo.Path);

        var changes = await git.DiffTreeAsync(first, second, ".", CancellationToken.None);
        var entries = await git.ListTreeAsync(second, "images", CancellationToken.None);
        var head = await git.ResolveCommitAsync("HEAD", CancellationToken.None);

        Assert.Equal("images/a/Dockerfile", Assert.Single(changes).Path);
        Assert.Equal("images/a/Dockerfile", Assert.Single(entries).Path);
        Assert.Equal(second, head);
        Assert.Equal("not an index", await File.ReadAllTextAsync(Path.Combine(repo.Path, ".git", "index")));
    }

    /// <summary>git's output byte for byte (the test helper reads lines, which a NUL-separated listing is not).</summary>
    private static async Task<string> RawOutputAsync(string repository, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-C", repository }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        using var bytes = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(bytes);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}

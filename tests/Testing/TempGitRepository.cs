namespace Platform.Testing;

/// <summary>A real git repository in a temporary folder, for the tests that follow commits.</summary>
public sealed class TempGitRepository : IDisposable
{
    private readonly TempDirectory directory = new("repo");

    private TempGitRepository()
    {
    }

    public string Path => directory.Path;

    public static async Task<TempGitRepository> CreateAsync()
    {
        var repository = new TempGitRepository();
        await repository.GitAsync("init", "-q", "-b", "main");
        await repository.GitAsync("config", "user.email", "tests@platform.local");
        await repository.GitAsync("config", "user.name", "Platform tests");
        await repository.GitAsync("config", "commit.gpgsign", "false");
        return repository;
    }

    public void WriteFile(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void WriteBytes(string relativePath, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    public void DeleteFile(string relativePath) => File.Delete(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Copies a folder of this checkout (for example images/) into the repository.</summary>
    public void CopyFromCheckout(string relativeFolder, string? destination = null)
    {
        var source = RepositoryRoot.Combine(relativeFolder);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, file);
            var target = System.IO.Path.Combine(Path, destination ?? relativeFolder, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Stages everything and commits; returns the new commit id.</summary>
    public async Task<string> CommitAllAsync(string message)
    {
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "--allow-empty", "-m", message);
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    public async Task<string> GitAsync(params string[] args)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("git", ["-C", Path, .. args], TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({exitCode}): {output}");
        }

        return output;
    }

    public void Dispose() => directory.Dispose();
}

using Platform.Testing;

namespace Platform.Cli.Tests;

/// <summary>
/// A real git repository of three images: <c>acme/base</c> and two images that start from it,
/// <c>acme/etl</c> and <c>acme/api</c>. The first commit holds them all.
/// </summary>
public sealed class ImageRepository : IDisposable
{
    private ImageRepository(TempGitRepository git, string firstCommit)
    {
        Git = git;
        FirstCommit = firstCommit;
    }

    public TempGitRepository Git { get; }

    public string Path => Git.Path;

    public string FirstCommit { get; }

    public static async Task<ImageRepository> CreateAsync()
    {
        var git = await TempGitRepository.CreateAsync();
        git.WriteFile("README.md", "images of acme\n");
        git.WriteFile("images/base/image.yaml", "name: acme/base\nkind: base\n");
        git.WriteFile("images/base/Dockerfile", "FROM busybox:1.36\nCOPY lib/ /usr/local/lib/acme/\n");
        git.WriteFile("images/base/lib/log.sh", "log() { echo \"$@\"; }\n");
        git.WriteFile("images/etl/image.yaml", "name: acme/etl\nkind: etl\n");
        git.WriteFile("images/etl/Dockerfile", "FROM acme/base\nCOPY run.sh /opt/run.sh\nCMD [\"/bin/sh\", \"/opt/run.sh\"]\n");
        git.WriteFile("images/etl/run.sh", "echo extract\n");
        git.WriteFile("images/etl/NOTES.md", "no COPY reads this file\n");
        git.WriteFile("images/api/image.yaml", "name: acme/api\nkind: service\nservice:\n  port: 8080\n");
        git.WriteFile("images/api/Dockerfile", "FROM acme/base\nCOPY www/ /srv/www/\n");
        git.WriteFile("images/api/www/index.html", "<h1>api</h1>\n");
        return new ImageRepository(git, await git.CommitAllAsync("three images"));
    }

    public void WriteFile(string relativePath, string content) => Git.WriteFile(relativePath, content);

    public Task<string> CommitAllAsync(string message) => Git.CommitAllAsync(message);

    public void Dispose() => Git.Dispose();
}

using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Testing;

namespace Platform.Catalog.Tests.Index;

/// <summary>
/// A real git repository of images (under <c>images/</c>) in a temporary folder, and the catalogue index
/// read from it as the builder reads it. Every git call and every index call has a timeout.
/// </summary>
public sealed class ImageRepository : IDisposable
{
    public const string ImagesRoot = "images";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ImageRepository(TempGitRepository repository)
    {
        Repository = repository;
        Git = new GitRepository(repository.Path);
    }

    public TempGitRepository Repository { get; }

    public GitRepository Git { get; }

    public static async Task<ImageRepository> CreateAsync() => new(await TempGitRepository.CreateAsync());

    /// <summary>Writes a file; the path is relative to the repository root.</summary>
    public ImageRepository Write(string path, string content)
    {
        Repository.WriteFile(path, content);
        return this;
    }

    /// <summary>Writes <c>images/{folder}/Dockerfile</c> and, when given, its <c>image.yaml</c>.</summary>
    public ImageRepository WriteImage(string folder, string dockerfile, string? spec = null)
    {
        Write($"{ImagesRoot}/{folder}/Dockerfile", dockerfile);
        if (spec is not null)
        {
            Write($"{ImagesRoot}/{folder}/image.yaml", spec);
        }

        return this;
    }

    public ImageRepository Delete(string path)
    {
        var full = Path.Combine(Repository.Path, path);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            Assert.True(File.Exists(full), $"the test meant to delete {path}, which does not exist");
            File.Delete(full);
        }

        return this;
    }

    public Task<string> CommitAsync(string message) => Repository.CommitAllAsync(message);

    public Task<string> GitAsync(params string[] args) => Repository.GitAsync(args);

    /// <summary>Reads the whole catalogue at <paramref name="commit"/>, as a builder that starts does.</summary>
    public async Task<CatalogIndex> LoadAsync(string commit, IReadOnlyDictionary<string, string>? buildArgs = null, string imagesRoot = ImagesRoot)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await CatalogIndex.LoadAsync(Git, commit, imagesRoot, buildArgs ?? new Dictionary<string, string>(), cts.Token);
    }

    /// <summary>Moves the index to <paramref name="commit"/>, as a builder that follows a branch does.</summary>
    public static async Task MoveAsync(CatalogIndex index, string commit)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await index.MoveToAsync(commit, cts.Token);
    }

    /// <summary>
    /// Rewrites the current branch to start again from <paramref name="commit"/> and forgets every commit
    /// only the old branch had (reflogs expired, unreachable objects pruned), as a force push leaves a clone.
    /// </summary>
    public async Task ForgetCommitsAfterResetAsync(string commit)
    {
        await GitAsync("reset", "-q", "--hard", commit);
        await GitAsync("update-ref", "-d", "ORIG_HEAD");
        await GitAsync("reflog", "expire", "--expire=now", "--all");
        await GitAsync("gc", "-q", "--prune=now");
    }

    public async Task<bool> ContainsCommitAsync(string commit)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await Git.ContainsCommitAsync(commit, cts.Token);
    }

    public void Dispose() => Repository.Dispose();
}

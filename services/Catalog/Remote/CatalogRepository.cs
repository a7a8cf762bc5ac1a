using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Catalog.Git;

namespace Platform.Catalog.Remote;

/// <summary>
/// The repository of images this service follows (<c>Catalog:Repository</c>): a local folder read as it is, or
/// a remote read through this service's own bare mirror. Every reader of the repository goes through <see cref="Git"/>.
/// </summary>
public sealed class CatalogRepository
{
    private readonly RepositoryMirror? mirror;

    public CatalogRepository(IOptions<CatalogOptions> options, TimeProvider time, ILogger<CatalogRepository> logger)
    {
        var settings = options.Value;
        Address = RepositoryAddress.Parse(settings.Repository, out var problem)
            ?? throw new InvalidOperationException($"Catalog:Repository: {problem}");
        if (Address.IsRemote)
        {
            mirror = new RepositoryMirror(Address, settings, MirrorFolder(settings), time, logger);
            Git = mirror.Repository;
        }
        else
        {
            Git = new GitRepository(Address.Text);
        }
    }

    public RepositoryAddress Address { get; }

    public GitRepository Git { get; }

    /// <summary>The mirror's state; null for a local repository.</summary>
    public MirrorState? MirrorState => mirror?.State;

    /// <summary>The folder of the mirror when <c>Catalog:MirrorDirectory</c> is not set: one per remote under <c>.platform/repositories</c>.</summary>
    public static string MirrorFolder(CatalogOptions settings) =>
        settings.MirrorDirectory is { Length: > 0 } folder ? folder : Path.Combine(".platform", "repositories", Key(settings.Repository));

    /// <summary>A short, stable name for a remote (its text hashed), for folder names.</summary>
    public static string Key(string remote) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(remote.Trim())))[..16];

    /// <summary>Brings the mirror up to date when a fetch is due (a first clone when there is none); nothing for a local repository.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) =>
        mirror?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>The next refresh fetches at once (a push was announced).</summary>
    public void RequestFetch() => mirror?.RequestFetch();

    /// <summary>True when the repository has the commit; a mirror fetches first when it lacks it, a local clone fetches its remotes.</summary>
    public async Task<bool> EnsureCommitAsync(string commit, CancellationToken cancellationToken)
    {
        if (commit is not { Length: >= 7 and <= 64 } || !commit.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        if (mirror is not null)
        {
            return await mirror.EnsureCommitAsync(commit, cancellationToken);
        }

        if (await Git.ContainsCommitAsync(commit, cancellationToken))
        {
            return true;
        }

        // A local clone on another machine may be behind the coordinator's: fetch what its remotes have.
        await Git.TryRunAsync(["fetch", "--quiet", "--all"], cancellationToken);
        return await Git.ContainsCommitAsync(commit, cancellationToken);
    }
}

using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Builder.Webhooks;

/// <summary>Whether a pushed ref can move the revision the builder follows (<c>Catalog:Ref</c>).</summary>
public sealed class FollowedRef(GitRepository repository, IOptions<CatalogOptions> catalog, TimeProvider time)
{
    /// <summary>A burst of webhooks reads where HEAD points once, not once each.</summary>
    private static readonly TimeSpan HeadReadEvery = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private (string? Branch, DateTimeOffset ReadAt)? head;

    public async Task<bool> IsFollowedAsync(string pushedRef, CancellationToken cancellationToken)
    {
        var followed = catalog.Value.Ref;
        if (followed == "HEAD")
        {
            // The branch HEAD names (a bare repository's or mirror's default branch); a detached HEAD: any ref may be it.
            return await HeadBranchAsync(cancellationToken) is not { } branch || branch == pushedRef;
        }

        return followed.StartsWith("refs/", StringComparison.Ordinal)
            ? pushedRef == followed
            : pushedRef == "refs/heads/" + followed || pushedRef == "refs/tags/" + followed;
    }

    private async Task<string?> HeadBranchAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (head is not { } known || time.GetUtcNow() - known.ReadAt >= HeadReadEvery)
            {
                var (exitCode, output) = await repository.TryRunAsync(["symbolic-ref", "-q", "HEAD"], cancellationToken);
                head = known = (exitCode == 0 ? output.Trim() : null, time.GetUtcNow());
            }

            return known.Branch;
        }
        finally
        {
            gate.Release();
        }
    }
}

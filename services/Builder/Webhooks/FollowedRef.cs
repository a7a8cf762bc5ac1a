using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Builder.Webhooks;

/// <summary>Whether a pushed ref can move the revision the builder follows (<c>Catalog:Ref</c>).</summary>
public sealed class FollowedRef(GitRepository repository, IOptions<CatalogOptions> catalog)
{
    public async Task<bool> IsFollowedAsync(string pushedRef, CancellationToken cancellationToken)
    {
        var followed = catalog.Value.Ref;
        if (followed == "HEAD")
        {
            // The branch HEAD names (a bare repository's or mirror's default branch); a detached HEAD: any ref may be it.
            var (exitCode, output) = await repository.TryRunAsync(["symbolic-ref", "-q", "HEAD"], cancellationToken);
            return exitCode != 0 || output.Trim() == pushedRef;
        }

        return followed.StartsWith("refs/", StringComparison.Ordinal)
            ? pushedRef == followed
            : pushedRef == "refs/heads/" + followed || pushedRef == "refs/tags/" + followed;
    }
}

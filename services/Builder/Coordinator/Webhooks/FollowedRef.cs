using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Commits;
using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>Whether a pushed ref can move a revision the builder follows (<c>Catalog:Ref</c> and <c>Builder:Refs</c>).</summary>
public sealed class FollowedRef(GitRepository repository, IOptions<CatalogOptions> catalog, IOptions<BuilderOptions> builder, TimeProvider time)
{
    /// <summary>A burst of webhooks reads where HEAD points once, not once each.</summary>
    private static readonly TimeSpan HeadReadEvery = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private (string? Branch, DateTimeOffset ReadAt)? head;

    public async Task<bool> IsFollowedAsync(string pushedRef, CancellationToken cancellationToken)
    {
        var followed = FollowedRefs.Of(catalog.Value, builder.Value);
        // The branch HEAD names (a bare repository's or mirror's default branch) is read only when HEAD is followed.
        var headBranch = followed.Any(f => f.Text == "HEAD") ? await HeadBranchAsync(cancellationToken) : null;
        return followed.Any(f => f.Matches(pushedRef, headBranch));
    }

    /// <summary>What the builder follows, as the log and the ignored webhooks name it.</summary>
    public string Describe() => string.Join(", ", FollowedRefs.Of(catalog.Value, builder.Value));

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

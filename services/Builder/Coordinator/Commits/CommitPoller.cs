using Microsoft.Extensions.Options;
using Platform.Builder.Workers.Building;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Planning;
using Platform.Catalog.Remote;

namespace Platform.Builder.Coordinator.Commits;

/// <summary>
/// Follows the repository's revisions (<c>Catalog:Ref</c>, HEAD by default, and <c>Builder:Refs</c>): when one moves,
/// or when failed builds are due for another try, runs a build cycle for the commit it points at, tagged with the
/// revision's tags. How a revision moved (a force push, a rewritten or new release tag, a deleted branch) is logged;
/// whatever it was, the plan compares each image with its own last good build, so no rebuild is lost.
/// </summary>
public sealed class CommitPoller(
    GitRepository repository,
    CatalogRepository followed,
    CommitTrigger trigger,
    CommitStatus status,
    BuildCycle cycle,
    IOptions<CatalogOptions> catalogOptions,
    IOptions<BuilderOptions> options,
    TimeProvider time,
    ILogger<CommitPoller> logger) : BackgroundService
{
    private readonly Dictionary<string, Followed> states = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Following {Refs} of {Repository} every {Interval}",
            string.Join(", ", FollowedRefs.Of(catalogOptions.Value, options.Value)), followed.Address, options.Value.PollInterval);
        var replan = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A remote's mirror is fetched when due (Catalog:FetchInterval) or at once after CommitTrigger.Request.
                await followed.RefreshAsync(stoppingToken);
                var revisions = FollowedRefs.Of(catalogOptions.Value, options.Value);
                for (var i = 0; i < revisions.Count; i++)
                {
                    await CheckAsync(revisions[i], primary: i == 0, replan, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Checking {Repository} failed; trying again in {Interval}", followed.Address, options.Value.PollInterval);
                status.Failed(e.Message, time.GetUtcNow());
            }

            replan = await trigger.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <param name="replan">Plan the commit again even if it has not moved: an input from outside the repository changed.</param>
    private async Task CheckAsync(FollowedRevision revision, bool primary, bool replan, CancellationToken cancellationToken)
    {
        states.TryGetValue(revision.Text, out var state);
        var resolved = await revision.ResolveAsync(repository, cancellationToken);
        if (resolved is null)
        {
            if (state is not { Missing: true })
            {
                logger.LogWarning("{Revision}", Missing(revision, state));
            }

            states[revision.Text] = (state ?? new Followed(null, null, null)) with { Missing = true };
            status.Revision(revision.Text, null, null, null);
            if (primary)
            {
                status.Failed(Missing(revision, state), time.GetUtcNow());
            }

            return;
        }

        var retryDue = state?.RetryAt is { } at && time.GetUtcNow() >= at;
        if (state is { Missing: false } && state.Commit == resolved.Commit && state.Ref == resolved.Ref && !retryDue && !replan)
        {
            return;
        }

        if (state?.Commit != resolved.Commit || state.Ref != resolved.Ref || state.Missing)
        {
            await ExplainMoveAsync(revision, state, resolved, cancellationToken);
        }

        var tags = FollowedRefs.TagsOf(resolved, primary);
        int failures;
        try
        {
            failures = await cycle.RunAsync(resolved.Commit, cancellationToken, new RevisionTags(resolved.Ref, tags));
        }
        catch (Exception e) when (!primary && !cancellationToken.IsCancellationRequested)
        {
            // One followed revision failing (its catalogue, the registry) never keeps the others from being built.
            logger.LogError(e, "The build cycle of {Revision} at {Commit} failed; trying again in {Interval}", revision, BuildPlanner.Short(resolved.Commit), options.Value.RetryFailedAfter);
            failures = 1;
        }

        var now = time.GetUtcNow();
        var retryAt = failures > 0 ? now + options.Value.RetryFailedAfter : (DateTimeOffset?)null;
        states[revision.Text] = new Followed(resolved.Ref, resolved.Commit, retryAt);
        status.Revision(revision.Text, resolved.Ref, resolved.Commit, failures);
        if (primary)
        {
            status.Completed(resolved.Commit, failures, now, retryAt);
        }
    }

    private async Task ExplainMoveAsync(FollowedRevision revision, Followed? before, ResolvedRevision now, CancellationToken cancellationToken)
    {
        var commit = BuildPlanner.Short(now.Commit);
        if (before is null || before.Commit is null)
        {
            logger.LogInformation("{Revision} is at {Commit}{Tag}", revision, commit, revision.IsPattern ? $" (tag {now.Name})" : "");
        }
        else if (before.Missing)
        {
            logger.LogWarning("{Revision} is back, at {Commit}{Tag}", revision, commit, revision.IsPattern ? $" (tag {now.Name})" : "");
        }
        else if (before.Ref != now.Ref)
        {
            logger.LogInformation("{Revision}: the newest tag is now {Tag} at {Commit} (it was {Before}); its images get the tag {ImageTag}",
                revision, now.Name, commit, before.Ref is { } old ? old.Replace("refs/tags/", "", StringComparison.Ordinal) : "none", FollowedRefs.ImageTagOf(now.Name));
        }
        else if (now.IsTag)
        {
            logger.LogWarning("Tag {Tag} was rewritten: it named {Before}, now {Commit}; its images are tagged {ImageTag} again from the new commit, each planned against its last good build",
                now.Name, BuildPlanner.Short(before.Commit), commit, FollowedRefs.ImageTagOf(now.Name));
        }
        else if (await IsAncestorAsync(before.Commit, now.Commit, cancellationToken))
        {
            logger.LogInformation("{Revision} is at {Commit}", revision, commit);
        }
        else
        {
            logger.LogWarning("{Revision} was force-pushed: it moved from {Before} to {Commit}, and the old commit is no longer in its history; " +
                "the new one is planned against each image's last good build, so no rebuild is lost", revision, BuildPlanner.Short(before.Commit), commit);
        }
    }

    private async Task<bool> IsAncestorAsync(string ancestor, string commit, CancellationToken cancellationToken)
    {
        var (exitCode, _) = await repository.TryRunAsync(["merge-base", "--is-ancestor", ancestor, commit], cancellationToken);
        return exitCode == 0;
    }

    private string Missing(FollowedRevision revision, Followed? before) =>
        revision.IsPattern
            ? $"No tag of {followed.Address} matches {revision} yet; it is built once one does"
            : before?.Commit is { } last
                ? $"{revision} is gone from {followed.Address} (the branch or tag was deleted; it was at {BuildPlanner.Short(last)}); its images keep their tags, and it is built again if it comes back"
                : $"{revision} names nothing in {followed.Address} (no such branch or tag); it is built once it exists";

    /// <summary>Where a followed revision was at the last cycle.</summary>
    private sealed record Followed(string? Ref, string? Commit, DateTimeOffset? RetryAt)
    {
        public bool Missing { get; init; }
    }
}

using Platform.Catalog.Planning;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>
/// When a commit is planned: <c>pending</c> for every image of the plan, <c>failure</c> for every image the
/// catalogue cannot read at that commit, and one <c>success</c> "nothing to build" (context <c>platform</c>)
/// when the commit changes no image. Only queues: the plan goes on at once.
/// </summary>
public sealed class PlanStatuses(CommitStatusQueue queue) : IPlanObserver
{
    public void Planned(BuildPlan plan, int catalogueImages)
    {
        var waves = plan.Builds.Select(b => b.Wave).Distinct().Order().ToList();
        foreach (var build in plan.Builds)
        {
            queue.Offer(new CommitStatus(plan.Commit, CommitStatus.ContextOf(build.Image.Spec.Name), CommitState.Pending,
                CommitStatusText.Queued(build.Reason, waves.IndexOf(build.Wave), waves.Count)));
        }

        foreach (var image in plan.Problems.GroupBy(p => p.Image, StringComparer.Ordinal))
        {
            queue.Offer(new CommitStatus(plan.Commit, CommitStatus.ContextOf(image.Key), CommitState.Failure,
                CommitStatusText.Problems([.. image.Select(p => p.ToString())])));
        }

        if (plan.Builds.Count == 0)
        {
            queue.Offer(new CommitStatus(plan.Commit, CommitStatus.ContextPrefix, CommitState.Success, CommitStatusText.NothingToBuild(catalogueImages)));
        }
    }
}

using System.Diagnostics;
using Platform.Catalog.Git;
using Platform.Catalog.Planning;

namespace Platform.Builder.Coordinator.Planning;

/// <summary>
/// At start, loads the planner's saved catalogue index and plans its commit once (see <see cref="CommitPlanner.WarmUpAsync"/>),
/// so that a restarted builder plans its next commit as fast as one that never stopped. A failure only costs that speed:
/// the first plan then reads what it needs itself.
/// </summary>
public sealed class PlannerWarmUp(CommitPlanner planner, ILogger<PlannerWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            if (await planner.WarmUpAsync(stoppingToken) is { } commit)
            {
                logger.LogInformation("The planner starts from its saved catalogue index of {Commit}, ready in {Milliseconds} ms",
                    BuildPlanner.Short(commit), watch.ElapsedMilliseconds);
            }
        }
        catch (Exception e) when (e is GitException or IOException || (e is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            logger.LogWarning("The planner could not warm up from its saved catalogue index ({Error}); the first commit is planned from the repository", e.Message);
        }
    }
}

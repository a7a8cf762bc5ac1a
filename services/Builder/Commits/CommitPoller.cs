using Microsoft.Extensions.Options;
using Platform.Builder.Building;
using Platform.Catalog.Planning;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Remote;

namespace Platform.Builder.Commits;

/// <summary>
/// Follows the repository's revision (HEAD by default): when it moves, or when failed builds are due
/// for another try, runs a build cycle for the commit it points at.
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
    private string? lastCommit;
    private DateTimeOffset? retryAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Following {Ref} of {Repository} every {Interval}", catalogOptions.Value.Ref, followed.Address, options.Value.PollInterval);
        var replan = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(replan, stoppingToken);
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
    private async Task CheckAsync(bool replan, CancellationToken cancellationToken)
    {
        // A remote's mirror is fetched when due (Catalog:FetchInterval) or at once after CommitTrigger.Request.
        await followed.RefreshAsync(cancellationToken);
        var commit = await repository.ResolveCommitAsync(catalogOptions.Value.Ref, cancellationToken);
        var retryDue = retryAt is { } at && time.GetUtcNow() >= at;
        if (commit == lastCommit && !retryDue && !replan)
        {
            return;
        }

        if (commit != lastCommit)
        {
            logger.LogInformation("{Ref} is at {Commit}", catalogOptions.Value.Ref, BuildPlanner.Short(commit));
        }

        var failures = await cycle.RunAsync(commit, cancellationToken);
        lastCommit = commit;
        retryAt = failures > 0 ? time.GetUtcNow() + options.Value.RetryFailedAfter : null;
        status.Completed(commit, failures, time.GetUtcNow(), retryAt);
    }
}

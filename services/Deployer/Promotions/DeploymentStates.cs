using Platform.Catalog.Yaml;
using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>
/// What <c>GET /api/environment</c> says of each deployment besides its spec: what runs and since when, and for a promoted one which digest
/// waits, why it does not qualify yet and when it will, what awaits approval, and which digests this environment will not take again.
/// </summary>
public sealed class DeploymentStates(DeploymentLedger ledger, PromotionEvaluator evaluator)
{
    public async Task<DeploymentState> DescribeAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        if (deployment.Promote is not { } promote)
        {
            var running = await ledger.RunningAsync(deployment.Name, cancellationToken);
            return new DeploymentState(Runs(running), null, null, running is null
                ? $"nothing runs yet; it follows {deployment.Image.Policy}"
                : $"{PromotionDecision.Short(running.Digest)} runs since {Qualifications.At(running.StartedAt)}; it follows {deployment.Image.Policy}");
        }

        var evaluation = await evaluator.EvaluateAsync(deployment, cancellationToken);
        var settings = new PromoteView(promote.From, Durations.Format(promote.After), promote.After, promote.Approval.ToString().ToLowerInvariant(), promote.MinRuns);
        if (evaluation.Status is not { } status)
        {
            var running = evaluation.Target.FirstOrDefault(s => s.IsRunning);
            return new DeploymentState(Runs(running), settings, new PromotionView("unavailable", null, null, false, [], evaluation.Error),
                $"{(running is null ? "nothing runs yet" : $"{PromotionDecision.Short(running.Digest)} runs since {Qualifications.At(running.StartedAt)}")}; {evaluation.Error}");
        }

        var waiting = status.Waiting is { } candidate
            ? new WaitingView(candidate.Source.Digest, candidate.Source.Commit, candidate.Source.Id, candidate.Source.StartedAt,
                candidate.BlockedBecause is null ? candidate.Qualification.Verdict.ToString().ToLowerInvariant() : "blocked",
                candidate.BlockedBecause ?? candidate.Qualification.Reason, candidate.Qualification.QualifiesAt)
            : null;
        var state = status.Promote is null ? waiting is null ? "up-to-date" : "waiting" : status.AwaitsApproval ? "awaiting-approval" : "promoting";
        return new DeploymentState(Runs(status.Running), settings,
            new PromotionView(state, waiting, status.Promote is { } next ? new QualifiedView(next.Digest, next.Commit, next.Id) : null, status.AwaitsApproval,
                status.Blocked, null),
            status.Summary);
    }

    private static RunsView? Runs(Stint? running) =>
        running is null ? null : new RunsView(running.Digest, running.Commit, running.Tag, running.StartedAt, running.Id, running.PromotedFrom, running.RunsSucceeded, running.RunsFailed);
}

/// <summary>A deployment's state in <c>GET /api/environment</c>; <see cref="Summary"/> says it in one line.</summary>
public sealed record DeploymentState(RunsView? Runs, PromoteView? Promote, PromotionView? Promotion, string Summary);

public sealed record RunsView(string Digest, string? Commit, string? Tag, DateTimeOffset Since, long Stint, string? PromotedFrom, int RunsSucceeded, int RunsFailed);

public sealed record PromoteView(string From, string After, TimeSpan AfterTime, string Approval, int Runs);

/// <param name="State"><c>up-to-date</c>, <c>waiting</c>, <c>promoting</c>, <c>awaiting-approval</c> or <c>unavailable</c> (the source could not be read: <see cref="Error"/>).</param>
public sealed record PromotionView(string State, WaitingView? Waiting, QualifiedView? Qualified, bool AwaitsApproval, IReadOnlyList<BlockedDigest> Blocked, string? Error);

/// <param name="Verdict"><c>soaking</c>, <c>needsruns</c>, <c>qualified</c>, <c>disqualified</c> or <c>blocked</c> (it failed or was rolled back here).</param>
public sealed record WaitingView(string Digest, string? Commit, long SourceStint, DateTimeOffset RunsInSourceSince, string Verdict, string Reason, DateTimeOffset? QualifiesAt);

public sealed record QualifiedView(string Digest, string? Commit, long SourceStint);

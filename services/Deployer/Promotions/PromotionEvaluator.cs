using Microsoft.Extensions.Options;
using Platform.Deployer.Ledger;

namespace Platform.Deployer.Promotions;

/// <summary>Where a promoted deployment stands now: the source environment's ledger (asked of its deployer) against this environment's.</summary>
public sealed class PromotionEvaluator(SourceLedgers sources, DeploymentLedger ledger, IOptions<DeployerOptions> options, TimeProvider time)
{
    private const int Depth = 100;

    public string Environment => options.Value.Environment;

    public async Task<Evaluation> EvaluateAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        var promotion = deployment.Promote ?? throw new InvalidOperationException($"{deployment.Name} is not promoted");
        var target = await ledger.ListAsync(deployment.Name, Depth, cancellationToken);
        try
        {
            var source = await sources.StintsAsync(promotion.From, deployment.Name, cancellationToken);
            return new Evaluation(PromotionDecision.Decide(Environment, deployment.Name, promotion, source, target, time.GetUtcNow()), source, target, null);
        }
        catch (SourceUnavailableException e)
        {
            return new Evaluation(null, [], target, e.Message);
        }
    }
}

/// <summary>The status of a promoted deployment, with the ledgers it was decided on; <paramref name="Error"/> when the source could not be read.</summary>
public sealed record Evaluation(PromotionStatus? Status, IReadOnlyList<Stint> Source, IReadOnlyList<Stint> Target, string? Error);

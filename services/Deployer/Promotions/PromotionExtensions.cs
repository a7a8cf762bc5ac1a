using Platform.Deployer.Ledger;

namespace Platform.Deployer.Promotions;

public static class PromotionExtensions
{
    /// <summary>The ledger of this environment, the promotion and rollback commands, and the gate that promotes what qualified.</summary>
    public static IServiceCollection AddPromotions(this IServiceCollection services)
    {
        services.AddSingleton<LedgerDatabase>();
        services.AddSingleton<DeploymentLedger>();
        services.AddSingleton<CommandLog>();
        services.AddHttpClient(nameof(SourceLedgers));
        services.AddSingleton<SourceLedgers>();
        services.AddSingleton<PromotionEvaluator>();
        services.AddSingleton<PromotionCommands>();
        services.AddSingleton<PromotionExecutor>();
        services.AddSingleton<LedgerCommandHandling>();
        services.AddSingleton<DeploymentStates>();
        services.AddHostedService<PromotionGate>();
        return services;
    }
}

namespace Platform.Builder.Commits;

public static class CommitsExtensions
{
    public static IServiceCollection AddCommitWatching(this IServiceCollection services)
    {
        services.AddSingleton<CommitTrigger>();
        services.AddHostedService<CommitPoller>();
        return services;
    }
}

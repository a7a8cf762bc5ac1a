namespace Platform.Builder.Commits;

public static class CommitsExtensions
{
    public static IServiceCollection AddCommitWatching(this IServiceCollection services)
    {
        services.AddSingleton<CommitTrigger>();
        services.AddSingleton<CommitStatus>();
        services.AddHostedService<CommitPoller>();
        return services;
    }
}

using Platform.RegistryWatcher.Polling;

namespace Platform.RegistryWatcher.Watches;

public static class WatchingExtensions
{
    public static IServiceCollection AddWatching(this IServiceCollection services)
    {
        services.AddOptions<WatcherOptions>()
            .BindConfiguration(WatcherOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DigestStore>();
        services.AddSingleton<IAnnouncementPublisher, BusAnnouncementPublisher>();
        services.AddSingleton<DigestAnnouncer>();
        services.AddSingleton<WatchList>();
        services.AddSingleton<DigestPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestPoller>());
        return services;
    }
}

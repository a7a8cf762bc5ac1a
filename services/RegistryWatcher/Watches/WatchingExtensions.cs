using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatcherOptions>, WatcherOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DigestStore>();
        services.AddSingleton<AnnouncementLog>();
        services.AddSingleton<IAnnouncementPublisher, BusAnnouncementPublisher>();
        services.AddSingleton<WatchBoard>();
        services.AddSingleton<DigestAnnouncer>();
        services.AddSingleton<BuilderHintGrace>();
        services.AddSingleton<WatchList>();
        services.AddSingleton<WatchChecker>();
        services.AddSingleton<DigestPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestPoller>());
        return services;
    }
}

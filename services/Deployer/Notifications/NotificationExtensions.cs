namespace Platform.Deployer.Notifications;

public static class NotificationExtensions
{
    /// <summary>Whether <c>Deployer:Notify:Receivers</c> names any receiver; without one the deployer does not consume the events at all.</summary>
    public static bool HasNotifyReceivers(this IConfiguration configuration) =>
        configuration.GetSection($"{NotifyOptions.Section}:Receivers").GetChildren().Any();

    /// <summary>The <c>notify:</c> settings (checked at start, naming the key but never a secret value), the outbox and its sender.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotifyOptions>().BindConfiguration(NotifyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return services;
    }
}

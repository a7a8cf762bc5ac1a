using MassTransit;

namespace Platform.Console.Live;

public static class LiveExtensions
{
    /// <summary>The console's queue: temporary (auto-deleted when the process stops) and named per process, one consumer at a time, in order.</summary>
    public static IBusRegistrationConfigurator AddLiveEvents(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PlatformEventsConsumer>()
            .Endpoint(endpoint =>
            {
                endpoint.Name = "console-events";
                endpoint.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
                endpoint.Temporary = true;
                endpoint.ConcurrentMessageLimit = 1;
            });
        return bus;
    }

    public static IServiceCollection AddLiveFeed(this IServiceCollection services) =>
        services.AddSingleton<AttemptBoard>().AddSingleton<LiveFeed>();
}

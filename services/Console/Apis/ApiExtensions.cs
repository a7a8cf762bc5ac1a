using Platform.ServiceDefaults.Access;

namespace Platform.Console.Apis;

public static class ApiExtensions
{
    /// <summary>
    /// The three services by their Aspire names (<c>http://builder</c>, ...), resolved by service discovery from
    /// <c>services__builder__http__0</c> and the like, which the AppHost's references set.
    /// </summary>
    /// <remarks>One deployer per environment (<see cref="Deployers"/>): a named client each, <c>deployer</c> for the pages that read one.</remarks>
    public static IServiceCollection AddPlatformApis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiCache>();
        // The actions (POSTs) carry the API token (Api:Token): from another machine or container the services ask for it.
        services.AddHttpClient<BuilderApi>(http => http.BaseAddress = new Uri("http://builder")).AddApiToken();
        services.AddHttpClient<WatcherApi>(http => http.BaseAddress = new Uri("http://registry-watcher")).AddApiToken();
        var deployers = Deployers.Discover(configuration);
        foreach (var deployer in deployers)
        {
            services.AddHttpClient(deployer, http => http.BaseAddress = new Uri($"http://{deployer}")).AddApiToken();
        }

        services.AddSingleton(sp => new Deployers(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ApiCache>(), deployers));
        services.AddTransient(sp => sp.GetRequiredService<Deployers>().Default);
        // RemoveAllResilienceHandlers is experimental, and the only way to take the defaults' timeouts off one client:
        // a log stream lasts as long as its build.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(BuilderApi.StreamClient, http =>
            {
                http.BaseAddress = new Uri("http://builder");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }
}

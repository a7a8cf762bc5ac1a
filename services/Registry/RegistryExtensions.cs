using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Platform.Registry.Http;

namespace Platform.Registry;

public static class RegistryExtensions
{
    /// <summary>
    /// The platform registry from its connection string, the registries' settings (section <c>Registries</c>)
    /// and a registry client whose HttpClient refuses plain http off loopback, retries what may pass by itself
    /// (<see cref="RegistryResilience"/>), keeps each registry's limits and answers 401 challenges. Any typed client registered on
    /// the same pipeline (see <see cref="AddRegistryHandlers"/>) gets the same.
    /// </summary>
    public static IServiceCollection AddPlatformRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        // Parsed now so that a bad address fails at start with the key's name.
        var registry = PlatformRegistry.Parse(configuration.GetConnectionString(PlatformRegistry.ConnectionName));
        services.AddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RegistryOptions>()
            .Configure<IConfiguration>((options, config) => config.GetSection(RegistryOptions.Section).Bind(options.Hosts))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        services.AddOptions<RegistryClientOptions>()
            .BindConfiguration(RegistryClientOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<RegistryTraffic>();
        services.TryAddSingleton<RegistryTokenCache>();
        services.TryAddSingleton<RegistryEndpoints>();
        services.TryAddTransient<PlainHttpPolicyHandler>();
        services.TryAddTransient<RegistryFaultHandler>();
        services.TryAddTransient<RegistryTrafficHandler>();
        services.TryAddTransient<RegistryAuthenticationHandler>();
        services.AddHttpClient<RegistryClient>().AddRegistryHandlers();
        return services;
    }

    /// <summary>
    /// The registry pipeline on an HttpClient: plain-http rule, the registry resilience pipeline (retries, a circuit
    /// breaker and a timeout per attempt, one pipeline per registry), per-registry limits, authentication. The service
    /// defaults' standard resilience handler is removed: its one circuit breaker for all hosts would let one failing
    /// registry stop the others.
    /// </summary>
    public static IHttpClientBuilder AddRegistryHandlers(this IHttpClientBuilder client)
    {
        // Marked experimental (EXTEXP0001), but it is the documented way to opt a client out of AddStandardResilienceHandler.
#pragma warning disable EXTEXP0001
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.ConfigureHttpClient((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<RegistryClientOptions>>().Value;
            // Each attempt has its own timeout (RegistryResilience); this only bounds a whole request with its retries.
            http.Timeout = (options.RequestTimeout * (options.MaxRetries + 1)) + (options.MaxRetryWait * options.MaxRetries) + TimeSpan.FromSeconds(5);
        });
        return client
            .AddHttpMessageHandler<PlainHttpPolicyHandler>()
            .AddRegistryResilience()
            .AddHttpMessageHandler<RegistryTrafficHandler>()
            .AddHttpMessageHandler<RegistryAuthenticationHandler>();
    }
}

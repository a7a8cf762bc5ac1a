using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Registry;

public static class RegistryExtensions
{
    /// <summary>The platform registry from its connection string, and a registry client.</summary>
    public static IServiceCollection AddPlatformRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        // Parsed now so that a bad address fails at start with the key's name.
        var registry = PlatformRegistry.Parse(configuration.GetConnectionString(PlatformRegistry.ConnectionName));
        services.AddSingleton(registry);
        services.AddHttpClient<RegistryClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }
}

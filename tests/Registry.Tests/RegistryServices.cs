using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Registry;

namespace Platform.Registry.Tests;

/// <summary>The registry client as services get it from <c>AddPlatformRegistry</c>: with its whole HTTP pipeline and the given settings.</summary>
public sealed class RegistryServices : IDisposable
{
    private readonly ServiceProvider provider;

    public RegistryServices(Uri platformRegistry, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:registry"] = platformRegistry.ToString(),
            // Short waits, so that a test of retries and timeouts takes seconds.
            ["RegistryClient:RequestTimeout"] = "00:00:02",
            ["RegistryClient:BackoffBase"] = "00:00:00.050",
            ["RegistryClient:MaxRetryWait"] = "00:00:03",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPlatformRegistry(configuration);
        configure?.Invoke(services);
        provider = services.BuildServiceProvider(validateScopes: true);
    }

    public RegistryClient Client => provider.GetRequiredService<RegistryClient>();

    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    public void Dispose() => provider.Dispose();
}

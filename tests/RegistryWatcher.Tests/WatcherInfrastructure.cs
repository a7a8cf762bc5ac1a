using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>What the watcher-service tests share: one real RabbitMQ node. Each test brings its own registries, repository and watcher.</summary>
public sealed class WatcherInfrastructure : IAsyncLifetime
{
    public RabbitMqNode Broker { get; } = new();

    public Task InitializeAsync() => Broker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WatcherServiceCollection : ICollectionFixture<WatcherInfrastructure>
{
    public const string Name = "Watcher service";
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Catalog;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Polling;
using Platform.RegistryWatcher.Watches;

namespace Platform.Bench.Watch;

/// <summary>
/// The watcher's polling with its real services (catalogue, registry pipeline, store, announcer) but no bus:
/// announcements are counted, and every request its registry client sends is counted by method.
/// </summary>
public sealed class InProcessWatcher : IDisposable
{
    private readonly ServiceProvider provider;

    public InProcessWatcher(Uri registry, string repository, string dataDirectory, IEnumerable<(string Image, string Tag)> watches)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:registry"] = registry.ToString(),
            ["Catalog:Repository"] = repository,
            ["RegistryWatcher:DataDirectory"] = dataDirectory,
        };
        foreach (var (index, (image, tag)) in watches.Index())
        {
            settings[$"RegistryWatcher:Watches:{index}:Image"] = image;
            settings[$"RegistryWatcher:Watches:{index}:Tag"] = tag;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddImageCatalog();
        services.AddPlatformRegistry(configuration);
        services.AddWatching();
        services.Replace(ServiceDescriptor.Singleton<IAnnouncementPublisher>(Announcements));
        services.AddHttpClient<RegistryClient>().AddHttpMessageHandler(() => new CountingHandler(Requests));
        provider = services.BuildServiceProvider();
    }

    public ConcurrentDictionary<string, int> Requests { get; } = new();

    public CountingPublisher Announcements { get; } = new();

    public DigestPoller Poller => provider.GetRequiredService<DigestPoller>();

    public WatchBoard Board => provider.GetRequiredService<WatchBoard>();

    public void Dispose() => provider.Dispose();

    public sealed class CountingPublisher : IAnnouncementPublisher
    {
        private int count;

        public int Count => count;

        public Task PublishAsync(ImageDigestChanged announcement, Guid announcementId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }

        public Task SettleAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CountingHandler(ConcurrentDictionary<string, int> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.AddOrUpdate(request.Method.Method, 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

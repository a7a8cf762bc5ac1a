using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Deployer.Docker;
using Platform.Testing;

namespace Platform.Deployer.Tests.Promotions;

/// <summary>
/// Two real deployers in this process, each the whole service (<see cref="DeployerHost"/>) on its own loopback port, data folder,
/// queues and container prefix: a beta that follows a tag of the test service and a prod whose service says
/// <c>promote: { from: &lt;beta&gt;, ... }</c>, both reading one real git repository of images, on the fixture's engine, registry
/// and broker. Disposing stops both and removes their containers and folders.
/// </summary>
public sealed class TwoEnvironments : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DeployerFixture fixture;
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly TempDirectory data = new("promotion");
    private readonly CancellationTokenSource deadline = new(TimeSpan.FromSeconds(150));
    private TempGitRepository repository = null!;
    private WebApplication? beta;
    private WebApplication? prod;
    private IReadOnlyDictionary<string, string?> both = new Dictionary<string, string?>();

    private TwoEnvironments(DeployerFixture fixture) => this.fixture = fixture;

    public string Beta => $"b{run}";

    public string Prod => $"p{run}";

    /// <summary>The tag the beta service follows; unique to the test.</summary>
    public string Tag { get; } = $"t{Guid.NewGuid():N}"[..12];

    public string BetaUrl { get; private set; } = "";

    public string ProdUrl { get; private set; } = "";

    public HttpClient BetaApi { get; private set; } = null!;

    public HttpClient ProdApi { get; private set; } = null!;

    public CancellationToken Deadline => deadline.Token;

    /// <summary>Where a deployer's log is written (one file per environment of the test).</summary>
    public static string LogOf(string environment) => Path.Combine(AppContext.BaseDirectory, $"promotion-{environment}.log");

    /// <param name="promote">The prod service's <c>promote:</c> value, for example <c>{ from: BETA, after: 3s }</c> (BETA is replaced by beta's name).</param>
    /// <param name="both">More settings of both deployers (for example <c>Deployer:Notify</c>).</param>
    public static async Task<TwoEnvironments> StartAsync(DeployerFixture fixture, string promote, IReadOnlyDictionary<string, string?>? both = null)
    {
        var environments = new TwoEnvironments(fixture) { both = both ?? new Dictionary<string, string?>() };
        fixture.RegisterEnvironment(environments.Beta);
        fixture.RegisterEnvironment(environments.Prod);
        await environments.StartAsync(promote.Replace("BETA", environments.Beta, StringComparison.Ordinal));
        return environments;
    }

    private async Task StartAsync(string promote)
    {
        repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("images/web/Dockerfile", $"FROM {TestImages.RootImage}\n");
        repository.WriteFile("images/web/image.yaml", $"name: {TestImages.Web.Name}\nkind: service\nservice:\n  port: 8080\n  health: /cgi-bin/health\n");
        repository.WriteFile($"deploy/{Beta}.yaml", $"""
            services:
              web:
                image: {TestImages.Web.Name}
                follow: {Tag}
                health: {"{"} timeout: 15s {"}"}
            """);
        repository.WriteFile($"deploy/{Prod}.yaml", $"""
            services:
              web:
                image: {TestImages.Web.Name}
                promote: {promote}
                health: {"{"} timeout: 15s {"}"}
            """);
        await repository.CommitAllAsync("a service in beta, promoted to prod");

        beta = await StartDeployerAsync(Beta, new Dictionary<string, string?>());
        BetaUrl = beta.Urls.First();
        prod = await StartDeployerAsync(Prod, new Dictionary<string, string?> { [$"Deployer:Sources:{Beta}"] = BetaUrl });
        ProdUrl = prod.Urls.First();
        BetaApi = new HttpClient { BaseAddress = new Uri(BetaUrl) };
        ProdApi = new HttpClient { BaseAddress = new Uri(ProdUrl) };
    }

    private async Task<WebApplication> StartDeployerAsync(string environment, Dictionary<string, string?> more)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Platform.Deployer", EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FileLoggerProvider(LogOf(environment)));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = fixture.Broker.ConnectionString,
            ["ConnectionStrings:registry"] = fixture.Registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog:Repository"] = repository.Path,
            ["Deployer:Environment"] = environment,
            ["Deployer:DataDirectory"] = data.Combine(environment),
            ["Deployer:SpecRefreshInterval"] = "00:00:00.200",
            ["Deployer:HealthInterval"] = "00:00:00.100",
            ["Deployer:PromotionInterval"] = "00:00:00.300",
        };
        foreach (var (key, value) in both.Concat(more))
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDeployer();
        var app = builder.Build();
        app.MapDeployer();
        await app.StartAsync(Deadline);
        return app;
    }

    /// <summary>Announces a digest of the followed tag, as the registry watcher would.</summary>
    public Task AnnounceAsync(string digest, string commit) =>
        fixture.Bus.Publish(new ImageDigestChanged(Guid.NewGuid(), TestImages.Web.Name, fixture.Registry.Host, Tag, null, digest, commit,
            DigestSource.Webhook, DateTimeOffset.UtcNow), Deadline);

    /// <summary>The digest the running container of <paramref name="environment"/>'s web service carries, or null.</summary>
    public async Task<string?> ServingAsync(string environment)
    {
        var containers = await fixture.Docker.Containers.ListContainersAsync(new global::Docker.DotNet.Models.ContainersListParameters
        {
            Filters = DeployerFixture.LabelFilter($"{ContainerLabels.Environment}={environment}"),
        }, Deadline);
        return containers.Where(c => c.State == "running" && !ContainerNames.IsCandidate(c)).Select(ContainerNames.DigestOf).FirstOrDefault();
    }

    /// <summary>Waits until the environment's container serves <paramref name="digest"/> and its ledger says so (it is written right after).</summary>
    public async Task WaitServingAsync(string environment, string digest, TimeSpan timeout)
    {
        await Eventually.WaitAsync(_ => ServingAsync(environment), serving => serving == digest, timeout, $"{environment} to serve {digest}");
        var api = environment == Beta ? BetaApi : ProdApi;
        await Eventually.WaitAsync(async _ => (await GetAsync(api, "api/ledger?deployment=web")).EnumerateArray().FirstOrDefault(),
            stint => stint.ValueKind == JsonValueKind.Object && stint.GetProperty("digest").GetString() == digest && stint.GetProperty("endedAt").ValueKind == JsonValueKind.Null,
            TimeSpan.FromSeconds(10), $"the ledger of {environment} to say that {digest} runs");
    }

    public async Task<JsonElement> GetAsync(HttpClient api, string path) => await api.GetFromJsonAsync<JsonElement>(path, Json, Deadline);

    /// <summary>The state of the web service in <c>GET /api/environment</c> of <paramref name="api"/>.</summary>
    public async Task<JsonElement> WebStateAsync(HttpClient api) =>
        (await GetAsync(api, "api/environment")).GetProperty("services").EnumerateArray().Single().GetProperty("state");

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var app in new[] { prod, beta })
            {
                if (app is not null)
                {
                    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await app.StopAsync(stop.Token);
                    await app.DisposeAsync();
                }
            }

            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            foreach (var environment in new[] { Beta, Prod })
            {
                await DeployerFixture.RemoveContainersAsync(fixture.Docker, $"{ContainerLabels.Environment}={environment}", cleanup.Token);
            }
        }
        finally
        {
            BetaApi?.Dispose();
            ProdApi?.Dispose();
            SqliteConnection.ClearAllPools();
            repository?.Dispose();
            data.Dispose();
            deadline.Dispose();
        }
    }
}

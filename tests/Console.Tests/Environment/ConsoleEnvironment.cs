using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Console.Tests.Environment;

/// <summary>
/// The whole beta environment from the AppHost (real RabbitMQ, registry, Docker engine, the three services and the
/// console, following a temporary copy of this checkout's images/), and Debian's chromium driven by Playwright.
/// Its containers carry a unique environment label and are removed afterwards with the images pulled from its registry.
/// </summary>
public sealed class ConsoleEnvironment : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The longest any one step of a test may wait (a build of both platforms on a busy machine, a rollout).</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    private readonly Platform.Testing.TempDirectory data = new("console-data");
    private readonly DockerClient docker = new DockerClientConfiguration().CreateClient();
    private FileLoggerProvider? logs;

    /// <summary>The console password the AppHost's secret parameter is set to for the test.</summary>
    public string Password { get; } = $"pw-{Guid.NewGuid():N}";

    public string EnvironmentName { get; } = $"e2e-{Guid.NewGuid():N}"[..12];

    public TempGitRepository Repository { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    public Uri ConsoleUri { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string LogPath => logs?.Path ?? "";

    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Where the page tests save their screenshots; scripts/screenshots.sh copies them to docs/console/.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Repository = await TempGitRepository.CreateAsync();
        Repository.CopyFromCheckout("images");
        Repository.WriteFile("README.md", "A repository of images for the console's tests.\n");
        await Repository.CommitAllAsync("images from the checkout");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"--Platform:Repository={Repository.Path}",
                $"--Platform:DataDirectory={data.Path}",
                $"--Platform:Environment={EnvironmentName}",
                $"--Parameters:console-password={Password}",
            ],
            (options, _) => options.DisableDashboard = true);
        // With the dashboard off nothing receives telemetry; an exporter that retries a closed port would hold every shutdown.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        logs = new FileLoggerProvider(Path.Combine(AppContext.BaseDirectory, $"apphost-{EnvironmentName}.log"));
        builder.Services.AddLogging(logging => logging.AddProvider(logs));

        var browser = StartBrowserAsync();
        App = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(cts.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("console", cts.Token);
        ConsoleUri = App.GetEndpoint("console", "http");
        await browser.WaitAsync(cts.Token);
        Directory.CreateDirectory(ScreenshotFolder);
        Assertions.SetDefaultExpectTimeout((float)StepTimeout.TotalMilliseconds);
    }

    private async Task StartBrowserAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox"],
            Headless = true,
        });
    }

    /// <summary>A fresh browser context (its own cookies) on the console, with a viewport of the given width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ConsoleUri.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a page and waits until Blazor's circuit is up (it says "live"): from then on it changes only by live updates.</summary>
    public static async Task GotoLiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(".live-stamp")).ToContainTextAsync("live");
    }

    /// <summary>A new browser context signed in with the console password, on <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInAsync(string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains(path.Split('?')[0], StringComparison.Ordinal));
        return page;
    }

    public HttpClient Http(string service) => App.CreateHttpClient(service, "http");

    public async Task<List<JsonElement>> GetListAsync(string service, string path, CancellationToken cancellationToken) =>
        await Http(service).GetFromJsonAsync<List<JsonElement>>(path, Json, cancellationToken) ?? [];

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.GetConnectionStringAsync(name) ?? throw new InvalidOperationException($"no connection string for {name}");

    /// <summary>Waits until the deployer's history has a succeeded rollout of the service that matches.</summary>
    public Task<JsonElement> WaitForDeploymentAsync(string service, Func<JsonElement, bool> match, string what) =>
        Eventually.WaitAsync(
            ct => GetListAsync("deployer", $"/api/deployments?service={service}", ct),
            rollouts => rollouts.Any(r => r.GetProperty("outcome").GetString() == "Succeeded" && match(r)),
            StepTimeout, Failure(what))
        .ContinueWith(t => t.Result.First(r => r.GetProperty("outcome").GetString() == "Succeeded" && match(r)), TaskScheduler.Default);

    public string Failure(string what) => $"{what} (service logs: {LogPath})";

    /// <summary>A live page is taken once its circuit is up (it says "live"), so that the picture is of the page as people see it.</summary>
    public async Task SaveScreenshotAsync(IPage page, string name)
    {
        if (await page.Locator(".live-stamp").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator(".live-stamp")).ToContainTextAsync("live");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    private async Task<IList<ContainerListResponse>> ManagedContainersAsync() =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"dev.platform.environment={EnvironmentName}"] = true },
            },
        });

    private static async Task BestEffortAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (App is not null)
        {
            var registryHost = new Uri(await ConnectionStringAsync("registry")).Authority;
            await App.DisposeAsync();
            foreach (var container in await ManagedContainersAsync())
            {
                await BestEffortAsync(() => docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }));
            }

            foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters { All = true }))
            {
                var references = (image.RepoTags ?? []).Concat(image.RepoDigests ?? []).Where(r => r.StartsWith(registryHost + "/", StringComparison.Ordinal));
                foreach (var reference in references)
                {
                    await BestEffortAsync(() => docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters()));
                }
            }
        }

        logs?.Dispose();
        Repository?.Dispose();
        data.Dispose();
        docker.Dispose();
    }
}

/// <summary>The tests that share one environment run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleEnvironment>
{
    public const string Name = "Console on the beta environment";
}

using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Catalog;
using Platform.Deployer.Notifications;
using Platform.Deployer.Promotions;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Targets;
using Platform.Registry;
using Platform.ServiceDefaults.Messaging;
using Platform.Testing;

namespace Platform.Bench.Deploy;

/// <summary>
/// What the deployer benchmarks share: a real registry with two versions of a small busybox HTTP service,
/// a real RabbitMQ node, a git repository of images whose catalogue has that service, and the deployer's
/// own wiring (consumer, catalogue, environment, Docker target) in a host. Containers carry a unique
/// environment label and are removed at the end, with the images and folders.
/// </summary>
public sealed class DeployBench : IAsyncDisposable
{
    public const string Service = "bench/web";
    public const string HealthPath = "/cgi-bin/health";

    private readonly TempDirectory folder = new("bench-deploy");
    private TempGitRepository repository = null!;

    public RegistryServer Registry { get; } = new();

    public RabbitMqNode Broker { get; } = new();

    public string Environment { get; } = $"bench-{Guid.NewGuid():N}"[..14];

    public string V1 { get; private set; } = "";

    public string V2 { get; private set; } = "";

    public string Repository => $"{Registry.Host}/{Service}";

    public static async Task<DeployBench> StartAsync(TextWriter output)
    {
        var bench = new DeployBench();
        await Run("bash", [RepositoryRoot.Combine("scripts", "bootstrap-root-image.sh")]);
        var broker = bench.Broker.StartAsync();
        await bench.Registry.StartAsync();
        bench.V1 = await bench.BuildAsync("v1");
        bench.V2 = await bench.BuildAsync("v2");
        await broker;
        bench.repository = await TempGitRepository.CreateAsync();
        bench.repository.WriteFile("images/web/Dockerfile", "FROM platform/root:busybox\n");
        bench.repository.WriteFile("images/web/image.yaml", $"name: {Service}\nkind: service\nservice:\n  port: 8080\n  health: {HealthPath}\n");
        await bench.repository.CommitAllAsync("one service");
        output.WriteLine($"registry {bench.Registry.Host}, broker on port {bench.Broker.Port}, {Service} v1 {bench.V1[..19]}, v2 {bench.V2[..19]}");
        return bench;
    }

    /// <summary>The deployer's parts as its Program wires them, with <paramref name="consumers"/> on the bus.</summary>
    public IHost Deployer(Action<IBusRegistrationConfigurator> consumers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = Broker.ConnectionString,
            ["ConnectionStrings:registry"] = Registry.BaseUri.ToString(),
            ["Catalog:Repository"] = repository.Path,
            ["Deployer:Environment"] = Environment,
            ["Deployer:DataDirectory"] = folder.Combine("deployer"),
            ["Deployer:HealthInterval"] = "00:00:00.100",
        });
        builder.AddPlatformMessaging(consumers);
        builder.Services.AddImageCatalog();
        builder.Services.AddPlatformRegistry(builder.Configuration);
        builder.Services.AddRollouts();
        builder.Services.AddPromotions();
        builder.Services.AddNotifications();
        builder.AddDeploymentTarget();
        return builder.Build();
    }

    public static async Task<string> Run(string file, IEnumerable<string> args)
    {
        var (exitCode, text) = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(3));
        return exitCode == 0 ? text : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({exitCode}): {text}");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private async Task<string> BuildAsync(string variant)
    {
        var context = folder.Combine($"context-{variant}");
        Directory.CreateDirectory(Path.Combine(context, "www", "cgi-bin"));
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), """
            FROM platform/root:busybox
            COPY www/ /www/
            COPY serve /usr/local/bin/serve
            CMD ["serve"]
            """);
        await File.WriteAllTextAsync(Path.Combine(context, "serve"),
            "#!/bin/sh\nhttpd -f -p 8080 -h /www &\nserver=$!\ntrap 'kill -TERM \"$server\"' TERM INT\nwait \"$server\"\n");
        await File.WriteAllTextAsync(Path.Combine(context, "www", "index.html"), $"bench {variant}\n");
        await File.WriteAllTextAsync(Path.Combine(context, "www", "cgi-bin", "health"), $"#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nok {variant}\\n'\n");
        await Run("chmod", ["755", Path.Combine(context, "serve"), Path.Combine(context, "www", "cgi-bin", "health")]);
        await Run("docker", ["build", "-q", "--label", $"dev.platform.environment={Environment}", "-t", $"{Repository}:{variant}", context]);
        await Run("docker", ["push", "-q", $"{Repository}:{variant}"]);
        var digest = (await Run("docker", ["inspect", "--format", "{{index .RepoDigests 0}}", $"{Repository}:{variant}"])).Trim();
        return digest[(digest.IndexOf('@') + 1)..];
    }

    public async ValueTask DisposeAsync()
    {
        var containers = (await ChildProcess.RunAsync("docker", ["ps", "-aq", "--filter", $"label=dev.platform.environment={Environment}"], TimeSpan.FromMinutes(1)))
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (containers.Length > 0)
        {
            await ChildProcess.RunAsync("docker", ["rm", "-f", .. containers], TimeSpan.FromMinutes(1));
        }

        await ChildProcess.RunAsync("docker", ["rmi", "-f", $"{Repository}:v1", $"{Repository}:v2", $"{Repository}@{V1}", $"{Repository}@{V2}"], TimeSpan.FromMinutes(1));
        await Registry.DisposeAsync();
        await Broker.DisposeAsync();
        repository?.Dispose();
        folder.Dispose();
    }
}

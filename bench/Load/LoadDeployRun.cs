using System.Diagnostics;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using MassTransit;
using Platform.Contracts;
using Platform.Testing;
using static Platform.Bench.Load.Stats;

namespace Platform.Bench.Load;

/// <summary>
/// 50 services redeployed at once on the Docker target by the deployer's own process: each follows an image of
/// its own, first deployed at v1, then 50 ImageDigestChanged for v2 are published together. Checks that every
/// service ends healthy on its v2 digest, announced once, with no failure and no container left behind; reports
/// the time until all are healthy, how many rollouts ran at once and the deployer's memory.
/// </summary>
public static class LoadDeployRun
{
    public const string Name = "load-deploy";
    private const int Services = 50;
    private const string HealthPath = "/cgi-bin/health";

    public static async Task<LoadResult> RunAsync(TextWriter output)
    {
        var environment = $"load-{Guid.NewGuid():N}"[..13];
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var broker = new RabbitMqNode();
        var brokerStarted = broker.StartAsync();
        await using var registry = new RegistryServer();
        await registry.StartAsync();
        using var repository = await TempGitRepository.CreateAsync();
        using var data = new TempDirectory("load-deploy");
        try
        {
            var prepare = Stopwatch.StartNew();
            await DeployImages.BuildBaseAsync(data.Path, registry.Host, environment);
            var v1 = new string[Services];
            var v2 = new string[Services];
            using (var variants = new ImageVariants(registry.BaseUri))
            {
                for (var i = 0; i < Services; i++)
                {
                    v1[i] = await variants.PushAsync(DeployImages.Base, Image(i), "v1", $"svc-{i:D2}-v1");
                    v2[i] = await variants.PushAsync(DeployImages.Base, Image(i), "v2", $"svc-{i:D2}-v2");
                    repository.WriteFile($"images/svc-{i:D2}/Dockerfile", "FROM platform/root:busybox\n");
                    repository.WriteFile($"images/svc-{i:D2}/image.yaml", $"name: {Image(i)}\nkind: service\nservice:\n  port: 8080\n  health: {HealthPath}\n");
                }
            }

            await repository.CommitAllAsync($"{Services} services");
            await brokerStarted;
            output.WriteLine($"{Services} services, 2 digests each, pushed in {prepare.Elapsed.TotalSeconds:F1} s; environment {environment}");

            await using var deployed = await MessageTap.StartAsync(broker.ConnectionString, typeof(ServiceDeployed).FullName!, CancellationToken.None);
            await using var failed = await MessageTap.StartAsync(broker.ConnectionString, typeof(DeploymentFailed).FullName!, CancellationToken.None);
            await using var deployer = await ServiceProcess.StartAsync("Deployer", new Dictionary<string, string>
            {
                ["ConnectionStrings__messaging"] = broker.ConnectionString,
                ["ConnectionStrings__registry"] = registry.BaseUri.ToString().TrimEnd('/'),
                ["Catalog__Repository"] = repository.Path,
                ["Deployer__Environment"] = environment,
                ["Deployer__DataDirectory"] = data.Combine("deployer"),
            }, TimeSpan.FromSeconds(60));
            await using var memory = ProcessMemory.Watch(deployer.Pid);
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(broker.ConnectionString), _ => { }));
            var handle = await bus.StartAsync();
            try
            {
                // First deployment of every service at v1: not measured, but it must hold too.
                var first = await RedeployAsync(bus, deployed, registry.Host, v1, null, docker, environment, output, "v1");
                var quiet = memory.CurrentWorkingSetMib;
                var heapBefore = await memory.LiveManagedHeapAsync();
                var start = DateTimeOffset.UtcNow;
                var second = await RedeployAsync(bus, deployed, registry.Host, v2, v1, docker, environment, output, "v2");
                var end = DateTimeOffset.UtcNow;
                // Late duplicates or failures would show within a few health intervals.
                await Task.Delay(TimeSpan.FromSeconds(3));
                var heapAfter = await memory.LiveManagedHeapAsync();
                var containers = await ContainersAsync(docker, environment);
                var answering = await AnsweringAsync(deployed, v2);
                return DeployReport.Build(output, new DeployOutcome(Services, v1, v2, registry.Host, first, second, deployed.Messages.ToList(), failed.Messages.ToList(),
                    containers, answering, memory.PeakWorkingSetBetween(start, end), memory.PeakManagedHeapBetween(start, end), memory.PeakWorkingSetMib,
                    quiet, heapBefore, heapAfter, !deployer.HasExited));
            }
            finally
            {
                await handle.StopAsync();
            }
        }
        finally
        {
            await DeployImages.CleanUpAsync(docker, environment, registry.Host);
        }
    }

    public static string Image(int i) => $"load/svc-{i:D2}";

    /// <summary>Publishes one ImageDigestChanged per service at once and waits until each has its ServiceDeployed; samples the candidates meanwhile.</summary>
    private static async Task<RedeployRound> RedeployAsync(
        IBus bus, MessageTap deployed, string registry, string[] digests, string[]? previous, IDockerClient docker, string environment, TextWriter output, string what)
    {
        using var sampling = new CancellationTokenSource();
        var sampler = CandidatePeakAsync(docker, environment, sampling.Token);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Services).Select(i => bus.Publish(new ImageDigestChanged(
            Guid.NewGuid(), Image(i), registry, "latest", previous?[i], digests[i], null, DigestSource.Webhook, DateTimeOffset.UtcNow))));
        var published = watch.Elapsed;
        var done = await WaitAsync(() => digests.Count(d => DeployedWith(deployed, d) > 0) == Services, TimeSpan.FromSeconds(150));
        var elapsed = watch.Elapsed;
        await sampling.CancelAsync();
        var peak = await sampler;
        var healthyCount = digests.Count(d => DeployedWith(deployed, d) > 0);
        output.WriteLine($"{what}: {healthyCount} of {Services} deployed in {elapsed.TotalSeconds:F1} s (published in {published.TotalMilliseconds:F0} ms); at most {peak} candidates at once");
        return new RedeployRound(elapsed, peak, done);
    }

    public static int DeployedWith(MessageTap deployed, string digest) =>
        deployed.Messages.Count(m => m.GetProperty("digest").GetString() == digest);

    public static int DeployedWith(DeployOutcome outcome, string digest) =>
        outcome.Deployed.Count(m => m.GetProperty("digest").GetString() == digest);

    private static async Task<int> CandidatePeakAsync(IDockerClient docker, string environment, CancellationToken cancellationToken)
    {
        var peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var candidates = (await ContainersAsync(docker, environment)).Count(c => c.Names.Any(n => n.EndsWith(".candidate", StringComparison.Ordinal)));
                peak = Math.Max(peak, candidates);
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return peak;
    }

    public static async Task<IList<ContainerListResponse>> ContainersAsync(IDockerClient docker, string environment) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"dev.platform.environment={environment}"] = true } },
        });

    /// <summary>How many of the v2 endpoints that ServiceDeployed named answer the health path now.</summary>
    private static async Task<int> AnsweringAsync(MessageTap deployed, string[] v2)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var endpoints = deployed.Messages.Where(m => v2.Contains(m.GetProperty("digest").GetString())).Select(m => m.GetProperty("endpoint").GetString()!).Distinct();
        var answers = await Task.WhenAll(endpoints.Select(async e =>
        {
            try
            {
                return (await http.GetAsync(e + HealthPath)).IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }));
        return answers.Count(a => a);
    }

    private static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}

/// <summary>One round of redeploys: how long until every service had its ServiceDeployed, and the most candidates seen at once.</summary>
public sealed record RedeployRound(TimeSpan Elapsed, int PeakCandidates, bool Completed);

public sealed record DeployOutcome(
    int Services, string[] V1, string[] V2, string Registry, RedeployRound First, RedeployRound Second, List<JsonElement> Deployed, List<JsonElement> Failed,
    IList<ContainerListResponse> Containers, int Answering, double PeakWorkingSetInRound, double PeakHeapInRound, double PeakWorkingSet,
    double QuietWorkingSet, double LiveHeapBefore, double LiveHeapAfter, bool Running);

using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Bench.Commits;
using Platform.Bench.Load;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Bench.Loop;

/// <summary>
/// What the loop benchmark runs on: a real broker and registry, the repository the builder follows (with a post-commit
/// hook that tells the builder's plain webhook), a second repository of the same service for the scripted paths, the
/// builder, the registry watcher and the deployer as their own processes (Release builds, default settings but the
/// folders), and taps on the broker for every stage's event. Containers carry a unique label and are removed at the end,
/// with the images the run made.
/// </summary>
public sealed class LoopBench : IAsyncDisposable
{
    private readonly TempDirectory data = new("bench-loop");
    private readonly List<IAsyncDisposable> owned = [];

    private LoopBench(RabbitMqNode broker, RegistryServer registry, TempGitRepository platformRepository, TempGitRepository scriptedRepository)
    {
        Broker = broker;
        Registry = registry;
        PlatformRepository = platformRepository;
        ScriptedRepository = scriptedRepository;
    }

    public string Environment { get; } = $"loop-{Guid.NewGuid():N}"[..13];

    /// <summary>The label of the scripted paths' containers (the deployer's carry dev.platform.environment).</summary>
    public string ScriptedLabel => $"dev.platform.bench={Environment}";

    public RabbitMqNode Broker { get; }

    public RegistryServer Registry { get; }

    /// <summary>The repository the builder follows; a commit here is the loop's start.</summary>
    public TempGitRepository PlatformRepository { get; }

    /// <summary>The same service in a repository of its own, which the limit and the peer commit to and build from.</summary>
    public TempGitRepository ScriptedRepository { get; }

    public ServiceProcess Builder { get; private set; } = null!;

    public ServiceProcess Watcher { get; private set; } = null!;

    public ServiceProcess Deployer { get; private set; } = null!;

    public MessageTap Started { get; private set; } = null!;

    public MessageTap Pushed { get; private set; } = null!;

    public MessageTap Announced { get; private set; } = null!;

    public MessageTap Deployed { get; private set; } = null!;

    public MessageTap Failed { get; private set; } = null!;

    public string Hook => Path.Combine(PlatformRepository.Path, ".git", "hooks", "post-commit");

    public static async Task<LoopBench> StartAsync(TextWriter output)
    {
        var broker = new RabbitMqNode();
        var brokerStarted = broker.StartAsync();
        var registry = new RegistryServer();
        await registry.StartAsync();
        var bench = new LoopBench(broker, registry, await TempGitRepository.CreateAsync(), await TempGitRepository.CreateAsync());
        await LoopImage.WriteAsync(bench.PlatformRepository, "platform first");
        await LoopImage.WriteAsync(bench.ScriptedRepository, "scripted first");
        await brokerStarted;

        bench.Started = await bench.TapAsync<ImageBuildStarted>();
        bench.Pushed = await bench.TapAsync<ImagePushed>();
        bench.Announced = await bench.TapAsync<ImageDigestChanged>();
        bench.Deployed = await bench.TapAsync<ServiceDeployed>();
        bench.Failed = await bench.TapAsync<DeploymentFailed>();

        var common = new Dictionary<string, string>(BuilderLog.Settings)
        {
            ["ConnectionStrings__messaging"] = broker.ConnectionString,
            ["ConnectionStrings__registry"] = registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog__Repository"] = bench.PlatformRepository.Path,
        };
        // The watcher and the deployer first, so that the builder's first push is announced and deployed.
        bench.Watcher = await bench.StartServiceAsync("RegistryWatcher", common, new()
        {
            ["RegistryWatcher__DataDirectory"] = bench.data.Combine("watcher"),
            // The root image exists only in the local engine.
            ["RegistryWatcher__Upstream__Enabled"] = "false",
        });
        bench.Deployer = await bench.StartServiceAsync("Deployer", common, new()
        {
            ["Deployer__Environment"] = bench.Environment,
            ["Deployer__DataDirectory"] = bench.data.Combine("deployer"),
        });
        bench.Builder = await bench.StartServiceAsync("Builder", common, new()
        {
            ["Builder__DataDirectory"] = bench.data.Combine("builder"),
            ["Builder__InstanceName"] = "loop",
            ["Builder__Webhooks__Git__Secret"] = PushBench.GitSecret,
        });
        output.WriteLine($"builder pid {bench.Builder.Pid}, watcher pid {bench.Watcher.Pid}, deployer pid {bench.Deployer.Pid}; registry {registry.Host}; environment {bench.Environment}");
        return bench;
    }

    /// <summary>A post-commit hook that tells the builder's plain webhook which commit main moved to, as git tells a post-receive hook.</summary>
    public async Task InstallHookAsync()
    {
        await File.WriteAllTextAsync(Hook,
            "#!/bin/sh\n" +
            "printf '%s %s refs/heads/main\\n' \"$(git rev-parse HEAD~1)\" \"$(git rev-parse HEAD)\" | " +
            $"curl -fsS --max-time 5 -H 'Authorization: Bearer {PushBench.GitSecret}' -H 'Content-Type: text/plain' " +
            $"--data-binary @- http://127.0.0.1:{Builder.Port}/api/webhooks/git >/dev/null\n");
        await PlatformRepository.GitAsync("config", "core.hooksPath", Path.GetDirectoryName(Hook)!);
        await Run("chmod", "+x", Hook);
    }

    public void RemoveHook() => File.Delete(Hook);

    public static async Task<string> Run(string file, params string[] args)
    {
        var (exitCode, text) = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(3));
        return exitCode == 0 ? text : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({exitCode}): {text}");
    }

    public async ValueTask DisposeAsync()
    {
        // BENCH_LOGS=<folder> keeps the services' logs (JSON lines with UTC timestamps) to see where a stage's time went.
        if (System.Environment.GetEnvironmentVariable("BENCH_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            foreach (var (name, service) in new[] { ("builder", Builder), ("watcher", Watcher), ("deployer", Deployer) }.Where(s => s.Item2 is not null))
            {
                await File.WriteAllTextAsync(Path.Combine(logs, $"loop-{name}.log"), service.Output);
            }
        }

        foreach (var each in Enumerable.Reverse(owned))
        {
            await each.DisposeAsync();
        }

        using var docker = new DockerClientConfiguration().CreateClient();
        foreach (var label in new[] { $"dev.platform.environment={Environment}", ScriptedLabel })
        {
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
            });
            foreach (var container in containers)
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
            }
        }

        // The images of this run, by reference (the registry's port is this run's), so that no other tag is lost.
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = true });
        foreach (var reference in images.SelectMany(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? []))
            .Where(r => r.StartsWith($"{Registry.Host}/", StringComparison.Ordinal)).Distinct())
        {
            try
            {
                await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters());
            }
            catch (DockerApiException)
            {
            }
        }

        await Registry.DisposeAsync();
        await Broker.DisposeAsync();
        PlatformRepository.Dispose();
        ScriptedRepository.Dispose();
        data.Dispose();
    }

    private async Task<MessageTap> TapAsync<T>()
    {
        var tap = await MessageTap.StartAsync(Broker.ConnectionString, typeof(T).FullName!, CancellationToken.None);
        owned.Add(tap);
        return tap;
    }

    private async Task<ServiceProcess> StartServiceAsync(string project, Dictionary<string, string> common, Dictionary<string, string> own)
    {
        var settings = new Dictionary<string, string>(common);
        foreach (var (key, value) in own)
        {
            settings[key] = value;
        }

        var service = await ServiceProcess.StartAsync(project, settings, TimeSpan.FromSeconds(90));
        owned.Add(service);
        return service;
    }
}

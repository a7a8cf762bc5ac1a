using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using MassTransit;
using Platform.Testing;

namespace Platform.Deployer.Tests;

/// <summary>
/// What the deployer tests share: the Docker engine, a real registry holding the test images, and a
/// real RabbitMQ node with a started bus. A missing engine fails the tests: they are never skipped.
/// At the end every container, image, process and folder the tests made is removed, also after a failure.
/// </summary>
public sealed class DeployerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly ConcurrentBag<string> environments = [];

    /// <summary>Labels the images and the containers the tests make themselves.</summary>
    public string RunId { get; } = $"t-{Guid.NewGuid():N}"[..10];

    public DockerClient Docker { get; } = new DockerClientConfiguration().CreateClient();

    public RegistryServer Registry { get; } = new();

    public RabbitMqNode Broker { get; } = new();

    public IBusControl Bus { get; private set; } = null!;

    public TestImages Images { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await RequireEngineAsync(timeout.Token);
        var broker = Broker.StartAsync();
        await Registry.StartAsync().WaitAsync(timeout.Token);
        Images = await TestImages.BuildAsync(Docker, Registry.Host, RunId, timeout.Token);
        await broker.WaitAsync(timeout.Token);
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(Broker.ConnectionString), _ => { }));
        await Bus.StartAsync(timeout.Token);
    }

    /// <summary>A deployer of a new environment of its own; the fixture removes its containers at the end too.</summary>
    public DeployerUnderTest CreateDeployer(TimeSpan healthTimeout)
    {
        var deployer = new DeployerUnderTest(Docker, Bus, RunId, healthTimeout);
        environments.Add(deployer.Environment);
        return deployer;
    }

    /// <summary>Has the cleanup remove the containers of an environment the test made itself.</summary>
    public void RegisterEnvironment(string environment) => environments.Add(environment);

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await EveryStepAsync(
            async () =>
            {
                if (Bus is not null)
                {
                    await Bus.StopAsync(timeout.Token);
                }
            },
            async () =>
            {
                foreach (var label in environments.Select(e => $"dev.platform.environment={e}").Append($"{TestImages.RunLabel}={RunId}"))
                {
                    await RemoveContainersAsync(Docker, label, timeout.Token);
                }
            },
            async () =>
            {
                // The deployer pulled the very images built and pushed here: removing them by id removes both.
                var filter = new ImagesListParameters { Filters = LabelFilter($"{TestImages.RunLabel}={RunId}") };
                foreach (var image in await Docker.Images.ListImagesAsync(filter, timeout.Token))
                {
                    await Docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, timeout.Token);
                }
            },
            async () => await Registry.DisposeAsync(),
            async () => await Broker.DisposeAsync());
        Docker.Dispose();
    }

    /// <summary>Runs every cleanup step even when one fails, then reports all failures.</summary>
    private static async Task EveryStepAsync(params Func<Task>[] steps)
    {
        var failures = new List<Exception>();
        foreach (var step in steps)
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("cleaning up after the deployer tests failed", failures);
        }
    }

    public static async Task RemoveContainersAsync(IDockerClient docker, string label, CancellationToken cancellationToken)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(label) }, cancellationToken);
        foreach (var container in containers)
        {
            await RemoveContainerAsync(docker, container.ID, cancellationToken);
        }
    }

    public static async Task RemoveContainerAsync(IDockerClient docker, string id, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    public static Dictionary<string, IDictionary<string, bool>> LabelFilter(params string[] labels) =>
        new() { ["label"] = labels.ToDictionary(l => l, _ => true) };

    private async Task RequireEngineAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Docker.System.PingAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Assert.Fail($"these tests need the Docker engine at {Docker.Configuration.EndpointBaseUri} (start it with: dockerd --iptables=false &): {e.Message}");
        }

        var (exitCode, output) = await ChildProcess.RunAsync("bash", [RepositoryRoot.Combine("scripts", "bootstrap-root-image.sh")], TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"the root image {TestImages.RootImage} is missing and scripts/bootstrap-root-image.sh could not make it: {output}");
    }
}

[CollectionDefinition(Name)]
public sealed class DeployerCollection : ICollectionFixture<DeployerFixture>
{
    public const string Name = "Deployer on the Docker engine";
}

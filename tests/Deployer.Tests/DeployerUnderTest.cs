using Docker.DotNet;
using Docker.DotNet.Models;
using MassTransit;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Deployer.Docker;
using Platform.Deployer.Rollouts;
using Platform.Testing;

namespace Platform.Deployer.Tests;

/// <summary>
/// The deployer's parts as the service wires them, with real dependencies passed by hand, managing an
/// environment of its own. Disposing removes every container of that environment and the data folder.
/// </summary>
public sealed class DeployerUnderTest : IAsyncDisposable
{
    /// <summary>The test registry takes anonymous pulls: no Registries settings.</summary>
    public static readonly Platform.Engine.RegistryCredentials NoCredentials =
        new(Microsoft.Extensions.Options.Options.Create(new Platform.Registry.RegistryOptions()));

    /// <summary>The most any one test may take; every await of a test is bounded by it.</summary>
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    private readonly IDockerClient docker;
    private readonly string runId;
    private readonly List<string> foreignContainers = [];
    private readonly TempDirectory data = new("deployer");
    private readonly HealthProbe probe = new();
    private readonly CancellationTokenSource deadline = new(TestTimeout);

    internal DeployerUnderTest(IDockerClient docker, IBus bus, string runId, TimeSpan healthTimeout)
    {
        this.docker = docker;
        this.runId = runId;
        Options = new DeployerOptions
        {
            Environment = $"t-{Guid.NewGuid():N}"[..10],
            HealthTimeout = healthTimeout,
            HealthInterval = TimeSpan.FromMilliseconds(100),
            // A registry that does not answer is asked again until then: well within the test's own deadline.
            PullTimeout = TimeSpan.FromSeconds(10),
            DataDirectory = data.Path,
        };
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Target = new DockerServiceTarget(docker, probe, Puller(docker, options), options, TimeProvider.System, NullLogger<DockerServiceTarget>.Instance);
        History = NewHistory();
        Rollout = NewRollout(bus);
    }

    public DeployerOptions Options { get; }

    /// <summary>The deployer's image puller on the real engine, without registry credentials.</summary>
    public static ImagePuller Puller(global::Docker.DotNet.IDockerClient docker, Microsoft.Extensions.Options.IOptions<DeployerOptions> options) =>
        new(docker, NoCredentials, options, TimeProvider.System, NullLogger<ImagePuller>.Instance);

    public string Environment => Options.Environment;

    public DockerServiceTarget Target { get; }

    public DeploymentHistory History { get; }

    public ServiceRollout Rollout { get; }

    /// <summary>Cancelled when the test has run too long.</summary>
    public CancellationToken Deadline => deadline.Token;

    /// <summary>Stopping it (<c>StopApplication</c>) tells the rollouts that the deployer shuts down.</summary>
    public ApplicationLifetime Lifetime { get; private set; } = null!;

    /// <summary>A new rollout on the same target and data folder, as a restarted deployer would make it (recovering first).</summary>
    public ServiceRollout NewRollout(IBus bus)
    {
        var history = NewHistory();
        Lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var recovery = new RolloutRecovery(Target, history, TimeProvider.System, NullLogger<RolloutRecovery>.Instance);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        return new ServiceRollout(Target, history, NewLedger(), recovery, bus, Lifetime, TimeProvider.System, options, NullLogger<ServiceRollout>.Instance);
    }

    /// <summary>The ledger of this environment on the same data folder, as a restarted deployer would open it.</summary>
    public Platform.Deployer.Ledger.DeploymentLedger NewLedger() =>
        new(new Platform.Deployer.Ledger.LedgerDatabase(Microsoft.Extensions.Options.Options.Create(Options)), TimeProvider.System);

    /// <summary>A new history on the same data folder, as a restarted deployer would open it.</summary>
    public DeploymentHistory NewHistory() => new(Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>Every container of this environment, stopped ones too.</summary>
    public async Task<IList<ContainerListResponse>> ContainersAsync() =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = DeployerFixture.LabelFilter($"{ContainerLabels.Environment}={Environment}"),
        }, Deadline);

    /// <summary>The one container of this environment; fails, listing them, if there are more or none.</summary>
    public async Task<ContainerListResponse> SingleContainerAsync()
    {
        var containers = await ContainersAsync();
        Assert.True(containers.Count == 1, $"expected one container of {Environment}; saw {Describe(containers)}");
        return containers[0];
    }

    /// <summary>Asserts that this environment has exactly one container: the given one, running the digest.</summary>
    public async Task AssertOnlyContainerAsync(string containerId, string digest)
    {
        var containers = await ContainersAsync();
        Assert.True(
            containers.Count == 1 && containers[0].ID == containerId && containers[0].State == "running"
                && containers[0].Labels.TryGetValue(ContainerLabels.Digest, out var running) && running == digest,
            $"expected one container of {Environment}, {containerId[..12]} running {digest}; saw {Describe(containers)}");
    }

    /// <summary>Inspects a container; null when it is gone.</summary>
    public async Task<ContainerInspectResponse?> InspectAsync(string containerId)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(containerId, Deadline);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Starts a container that this deployer did not make, from <paramref name="image"/>'s default command.</summary>
    public async Task<string> StartForeignContainerAsync(string image, string name, IDictionary<string, string> labels)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Labels = new Dictionary<string, string>(labels) { [TestImages.RunLabel] = runId },
        }, Deadline);
        foreignContainers.Add(created.ID);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), Deadline);
        return created.ID;
    }

    public static string Describe(IEnumerable<ContainerListResponse> containers) =>
        "[" + string.Join(", ", containers.Select(c =>
            $"{c.ID[..12]} {c.Names.FirstOrDefault()} {c.State} {(c.Labels.TryGetValue(ContainerLabels.Digest, out var digest) ? digest : "(no digest label)")}")) + "]";

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await DeployerFixture.RemoveContainersAsync(docker, $"{ContainerLabels.Environment}={Environment}", cleanup.Token);
            foreach (var id in foreignContainers)
            {
                await DeployerFixture.RemoveContainerAsync(docker, id, cleanup.Token);
            }
        }
        finally
        {
            probe.Dispose();
            deadline.Dispose();
            data.Dispose();
        }
    }
}

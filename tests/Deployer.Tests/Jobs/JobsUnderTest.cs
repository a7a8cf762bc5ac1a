using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Remote;
using Platform.Deployer.Docker;
using Platform.Deployer.Jobs;
using Platform.Deployer.Ledger;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Specs;
using Platform.Registry;
using Platform.Testing;

namespace Platform.Deployer.Tests.Jobs;

/// <summary>
/// The deployer's job scheduler as the service wires it, on a real git repository of images whose
/// environment file names one job, the real engine, registry and broker. Disposing stops it and removes
/// its containers and folders.
/// </summary>
public sealed class JobsUnderTest : IAsyncDisposable
{
    private readonly DeployerFixture fixture;
    private readonly TempDirectory data = new("jobs");
    private readonly CancellationTokenSource deadline = new(TimeSpan.FromSeconds(80));
    private TempGitRepository repository = null!;

    private JobsUnderTest(DeployerFixture fixture)
    {
        this.fixture = fixture;
        fixture.RegisterEnvironment(Options.Environment);
    }

    public DeployerOptions Options { get; } = new()
    {
        Environment = $"t-{Guid.NewGuid():N}"[..10],
        DataDirectory = "",
        SpecRefreshInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The tag the job follows; unique to the test.</summary>
    public string Tag { get; } = $"current-{Guid.NewGuid():N}"[..16];

    public JobScheduler Scheduler { get; private set; } = null!;

    public JobRunHistory Runs { get; private set; } = null!;

    public JobImageUpdate ImageUpdate { get; private set; } = null!;

    public DeploymentHistory Deployments { get; private set; } = null!;

    public DeploymentLedger Ledger { get; private set; } = null!;

    public EnvironmentSource Environment { get; private set; } = null!;

    public CancellationToken Deadline => deadline.Token;

    /// <summary>
    /// Starts the scheduler on an environment whose one job, <c>nightly</c>, is described by <paramref name="jobYaml"/>;
    /// <paramref name="neighbours"/> are more entries of <c>jobs:</c> that the test expects to be left out with problems.
    /// </summary>
    public static async Task<JobsUnderTest> StartAsync(DeployerFixture fixture, string jobYaml, string neighbours = "")
    {
        var jobs = new JobsUnderTest(fixture);
        jobs.Options.DataDirectory = jobs.data.Path;
        jobs.repository = await TempGitRepository.CreateAsync();
        jobs.repository.WriteFile("images/job/Dockerfile", $"FROM {TestImages.RootImage}\n");
        jobs.repository.WriteFile("images/job/image.yaml", $"name: {TestImages.Job}\nkind: etl\n");
        jobs.repository.WriteFile($"deploy/{jobs.Options.Environment}.yaml", $"""
            jobs:
              nightly:
                image: {TestImages.Job}
                follow: {jobs.Tag}
            {string.Join('\n', jobYaml.Split('\n').Select(line => "    " + line))}
            {string.Join('\n', neighbours.Split('\n').Select(line => "  " + line))}
            """);
        await jobs.repository.CommitAllAsync("one job");

        var options = Microsoft.Extensions.Options.Options.Create(jobs.Options);
        var catalogOptions = Microsoft.Extensions.Options.Options.Create(new CatalogOptions { Repository = jobs.repository.Path });
        var followed = new CatalogRepository(catalogOptions, TimeProvider.System, NullLogger<CatalogRepository>.Instance);
        var git = followed.Git;
        var catalog = new CatalogSource(followed, catalogOptions);
        jobs.Environment = new EnvironmentSource(catalog, git, options, TimeProvider.System, NullLogger<EnvironmentSource>.Instance);
        jobs.Runs = new JobRunHistory(options);
        jobs.Deployments = new DeploymentHistory(options);
        jobs.Ledger = new DeploymentLedger(new LedgerDatabase(options), TimeProvider.System);
        var recorder = new JobRunRecorder(jobs.Runs, jobs.Deployments, jobs.Ledger, fixture.Bus, TimeProvider.System, options, NullLogger<JobRunRecorder>.Instance);
        var runner = new DockerJobRunner(fixture.Docker, DeployerUnderTest.Puller(fixture.Docker, options), options, TimeProvider.System, NullLogger<DockerJobRunner>.Instance);
        jobs.Scheduler = new JobScheduler(jobs.Environment, recorder, runner, jobs.Ledger, new PlatformRegistry(fixture.Registry.BaseUri),
            TimeProvider.System, NullLogger<JobScheduler>.Instance);
        jobs.ImageUpdate = new JobImageUpdate(new DockerJobTarget(jobs.Scheduler), jobs.Deployments, fixture.Bus, TimeProvider.System, options,
            NullLogger<JobImageUpdate>.Instance);
        var spec = await jobs.Environment.GetAsync(jobs.Deadline);
        Assert.True((spec.Problems.Count == 0 || neighbours.Length > 0) && spec.Jobs.Count == 1,
            $"expected one job in the test environment; problems: {string.Join("; ", spec.Problems)}");
        return jobs;
    }

    public async Task StartSchedulerAsync() => await Scheduler.StartAsync(Deadline);

    /// <summary>The containers of this environment's job runs that exist now.</summary>
    public async Task<IList<ContainerListResponse>> RunContainersAsync(CancellationToken cancellationToken) =>
        await fixture.Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = DeployerFixture.LabelFilter($"{ContainerLabels.Environment}={Options.Environment}", $"{ContainerLabels.Job}=nightly"),
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Scheduler.StopAsync(stop.Token);
            await DeployerFixture.RemoveContainersAsync(fixture.Docker, $"{ContainerLabels.Environment}={Options.Environment}", stop.Token);
        }
        finally
        {
            Scheduler.Dispose();
            SqliteConnection.ClearAllPools();
            repository?.Dispose();
            data.Dispose();
            deadline.Dispose();
        }
    }
}

using System.Diagnostics;
using Docker.DotNet.Models;
using Platform.Deployer.Docker;
using Platform.Deployer.Targets;
using Platform.Testing;
using static Platform.Deployer.Tests.TestImages;

namespace Platform.Deployer.Tests.Targets;

/// <summary>Rollouts of the test service on the real engine, from a real registry, each in an environment of its own.</summary>
[Collection(DeployerCollection.Name)]
public sealed class DockerServiceTargetTests(DeployerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan HealthTimeout = TestImages.Web.Health.Timeout;

    /// <summary>Time a failing rollout may take beyond the health timeout: pulling, creating, starting and removing a container.</summary>
    private static readonly TimeSpan Overhead = TimeSpan.FromSeconds(6);

    private DeployerUnderTest deployer = null!;

    private TestImages Images => fixture.Images;

    public Task InitializeAsync()
    {
        deployer = fixture.CreateDeployer(HealthTimeout);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await deployer.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task An_update_to_a_healthy_image_replaces_the_old_container_with_one_that_answers_on_its_loopback_port()
    {
        var v1 = await DeployAsync(Images.V1);
        await AssertServesAsync(v1, "v1");

        var v2 = await DeployAsync(Images.V2);

        Assert.StartsWith("http://127.0.0.1:", v2.Endpoint, StringComparison.Ordinal);
        await AssertServesAsync(v2, "v2");
        await deployer.AssertOnlyContainerAsync(v2.ContainerId, Images.V2);
        Assert.True(await deployer.InspectAsync(v1.ContainerId) is null, $"expected the v1 container {v1.ContainerId[..12]} to be removed, it still exists");
        Assert.Equal(Images.V2, await deployer.Target.RunningDigestAsync(Web, deployer.Deadline));
    }

    [Fact(Timeout = 90_000)]
    public async Task An_update_whose_health_check_answers_500_fails_within_the_health_timeout_and_the_old_container_keeps_serving()
    {
        var v1 = await DeployAsync(Images.V1);

        var watch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<DeploymentException>(() => DeployAsync(Images.Unhealthy));
        watch.Stop();

        Assert.True(watch.Elapsed < HealthTimeout + Overhead,
            $"expected the rollout to fail within the health timeout of {HealthTimeout.TotalSeconds} s (plus {Overhead.TotalSeconds} s), it took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.StartsWith(Web.Name + ":", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"GET {Web.Health.HttpPath} answered 500", failure.Message, StringComparison.Ordinal);
        AssertLogTailHas(failure, "web unhealthy: serving /www on :8080");
        await AssertOnlyV1RemainsAsync(v1);
    }

    [Fact(Timeout = 90_000)]
    public async Task An_update_whose_registry_is_down_for_a_few_seconds_waits_for_it_and_then_deploys()
    {
        var v1 = await DeployAsync(Images.V1);
        await fixture.Registry.StopAsync();
        var watch = Stopwatch.StartNew();
        Task<RunningService> update;
        try
        {
            update = DeployAsync(Images.V2);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(update.IsCompleted, $"expected the rollout to wait for the registry, it ended: {update.Exception?.InnerException?.Message}");
        }
        finally
        {
            await fixture.Registry.StartAsync();
        }

        var v2 = await update;
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(3), $"the rollout ended after {watch.Elapsed.TotalSeconds:F1} s, before the registry came back");
        await deployer.AssertOnlyContainerAsync(v2.ContainerId, Images.V2);
        Assert.NotEqual(v1.ContainerId, v2.ContainerId);
    }

    [Fact(Timeout = 90_000)]
    public async Task An_update_to_an_image_that_exits_at_once_fails_with_its_exit_code_without_waiting_out_the_health_timeout()
    {
        var v1 = await DeployAsync(Images.V1);

        var watch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<DeploymentException>(() => DeployAsync(Images.ExitsAtOnce));
        watch.Stop();

        Assert.True(watch.Elapsed < HealthTimeout,
            $"expected the rollout to fail as soon as the container exited, before the health timeout of {HealthTimeout.TotalSeconds} s; it took {watch.Elapsed.TotalSeconds:F1} s ({failure.Message})");
        Assert.StartsWith(Web.Name + ":", failure.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        AssertLogTailHas(failure, "web: fatal: /etc/web.conf is missing");
        await AssertOnlyV1RemainsAsync(v1);
    }

    [Theory(Timeout = 90_000)]
    [InlineData("a digest its registry does not have")]
    [InlineData("a registry that does not answer")]
    public async Task An_image_that_cannot_be_pulled_fails_naming_the_reference_and_changes_nothing(string image)
    {
        var v1 = await DeployAsync(Images.V1);
        var startedAt = (await deployer.InspectAsync(v1.ContainerId))?.State.StartedAt;
        var (registry, digest) = image == "a registry that does not answer"
            ? ($"127.0.0.1:{FreePort.Next()}", Images.V2)
            : (Images.RegistryHost, "sha256:" + new string('0', 64));

        var failure = await Assert.ThrowsAsync<DeploymentException>(
            () => deployer.Target.ReplaceAsync(Web, registry, digest, Guid.NewGuid(), deployer.Deadline));

        Assert.StartsWith(Web.Name + ":", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{registry}/{Web.Name}@{digest}", failure.Message, StringComparison.Ordinal);
        await AssertOnlyV1RemainsAsync(v1);
        Assert.Equal(startedAt, (await deployer.InspectAsync(v1.ContainerId))?.State.StartedAt);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_rollout_cancelled_before_the_new_container_is_healthy_removes_it_and_the_old_one_keeps_serving()
    {
        var v1 = await DeployAsync(Images.V1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deployer.Deadline);

        // The unhealthy image keeps the rollout in its health checks until the timeout: cancel it there.
        var rollout = deployer.Target.ReplaceAsync(Web, Images.RegistryHost, Images.Unhealthy, Guid.NewGuid(), stop.Token);
        await Eventually.WaitAsync(
            async _ => (await deployer.ContainersAsync()).Any(c => c.ID != v1.ContainerId && c.State == "running"),
            HealthTimeout, "the new container to run beside the old one");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rollout);
        await AssertOnlyV1RemainsAsync(v1);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_candidate_left_by_a_deployer_killed_before_its_health_check_does_not_count_as_running_and_a_redelivered_change_replaces_it()
    {
        var v1 = await DeployAsync(Images.V1);

        // What a deployer killed mid-rollout leaves: a running container of the new digest that never passed its health check.
        var leftover = await deployer.StartForeignContainerAsync($"{Images.Repository}:v2",
            ContainerNames.Candidate(deployer.Environment, Web.Name, Images.V2, 0), new Dictionary<string, string>
            {
                [ContainerLabels.Managed] = "true", [ContainerLabels.Environment] = deployer.Environment,
                [ContainerLabels.Service] = Web.Name, [ContainerLabels.Digest] = Images.V2,
            });
        Assert.Equal(Images.V1, await deployer.Target.RunningDigestAsync(Web, deployer.Deadline));

        var v2 = await DeployAsync(Images.V2);

        await deployer.AssertOnlyContainerAsync(v2.ContainerId, Images.V2);
        Assert.True(await deployer.InspectAsync(leftover) is null, "expected the leftover candidate to be removed");
        Assert.Equal("/" + ContainerNames.Final(deployer.Environment, Web.Name, Images.V2, 0), (await deployer.InspectAsync(v2.ContainerId))!.Name);
        Assert.Equal(RestartPolicyKind.UnlessStopped, (await deployer.InspectAsync(v2.ContainerId))!.HostConfig.RestartPolicy.Name);
        await AssertServesAsync(v2, "v2");
        Assert.Equal(Images.V1, v2.PreviousDigest);
    }

    [Fact(Timeout = 90_000)]
    public async Task With_a_fixed_host_port_an_unhealthy_update_takes_the_port_then_gives_it_back_to_the_old_container()
    {
        var web = Web with { HostPort = FreePort.Next() };
        var v1 = await deployer.Target.ReplaceAsync(web, Images.RegistryHost, Images.V1, Guid.NewGuid(), deployer.Deadline);
        Assert.Equal($"http://127.0.0.1:{web.HostPort}", v1.Endpoint);

        var failure = await Assert.ThrowsAsync<DeploymentException>(
            () => deployer.Target.ReplaceAsync(web, Images.RegistryHost, Images.Unhealthy, Guid.NewGuid(), deployer.Deadline));

        Assert.Equal(Images.V1, failure.RestoredDigest);
        Assert.Contains("answered 500", failure.Message, StringComparison.Ordinal);
        await Eventually.WaitAsync(async ct => (await Answer.GetAsync(v1.Endpoint, "/", ct)).Status == 200, HealthTimeout,
            $"the old container to answer again on {v1.Endpoint}");
        await AssertOnlyV1RemainsAsync(v1);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_host_port_already_in_use_fails_naming_the_deployment_and_the_port_and_the_old_container_keeps_serving()
    {
        var v1 = await DeployAsync(Images.V1);
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<DeploymentException>(
            () => deployer.Target.ReplaceAsync(Web with { HostPort = port }, Images.RegistryHost, Images.V2, Guid.NewGuid(), deployer.Deadline));

        Assert.StartsWith($"{Web.Name}: host port 127.0.0.1:{port} is already in use", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.RestoredDigest);
        await AssertOnlyV1RemainsAsync(v1);
    }

    private async Task<RunningService> DeployAsync(string digest) =>
        await deployer.Target.ReplaceAsync(Web, Images.RegistryHost, digest, Guid.NewGuid(), deployer.Deadline);

    private async Task AssertOnlyV1RemainsAsync(RunningService v1)
    {
        await deployer.AssertOnlyContainerAsync(v1.ContainerId, Images.V1);
        await AssertServesAsync(v1, "v1");
        Assert.Equal(Images.V1, await deployer.Target.RunningDigestAsync(Web, deployer.Deadline));
    }

    private async Task AssertServesAsync(RunningService service, string variant)
    {
        var health = await Answer.GetAsync(service.Endpoint, Web.Health.HttpPath!, deployer.Deadline);
        Assert.True(health == new Answer(200, $"ok {variant}"),
            $"expected GET {Web.Health.HttpPath} at {service.Endpoint} to answer 200 \"ok {variant}\", it answered {health}");
        var index = await Answer.GetAsync(service.Endpoint, "/", deployer.Deadline);
        Assert.True(index == new Answer(200, $"web {variant} {fixture.RunId}"),
            $"expected GET / at {service.Endpoint} to answer 200 \"web {variant} {fixture.RunId}\", it answered {index}");
    }

    private static void AssertLogTailHas(DeploymentException failure, string line) =>
        Assert.True(failure.LogTail.Contains(line),
            $"expected the new container's log line \"{line}\" in the failure; its log tail: [{string.Join(" | ", failure.LogTail)}]");
}

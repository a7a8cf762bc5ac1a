using System.Text.Json;
using Platform.Contracts;
using Platform.Deployer.Rollouts;
using Platform.Testing;
using static Platform.Deployer.Tests.TestImages;

namespace Platform.Deployer.Tests.Rollouts;

/// <summary>
/// Rollouts as the consumer runs them: on the real engine, recorded in the history, and announced on a
/// real RabbitMQ node, where a private queue taps ServiceDeployed and DeploymentFailed.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class ServiceRolloutTests(DeployerFixture fixture) : IAsyncLifetime
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(15);

    private DeployerUnderTest deployer = null!;
    private MessageTap deployed = null!;
    private MessageTap failed = null!;
    private MessageTap rolledBack = null!;

    private TestImages Images => fixture.Images;

    public async Task InitializeAsync()
    {
        deployer = fixture.CreateDeployer(TimeSpan.FromSeconds(4));
        deployed = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(ServiceDeployed).FullName!, deployer.Deadline);
        failed = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(DeploymentFailed).FullName!, deployer.Deadline);
        rolledBack = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(DeploymentRolledBack).FullName!, deployer.Deadline);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await (deployed?.DisposeAsync() ?? ValueTask.CompletedTask);
            await (failed?.DisposeAsync() ?? ValueTask.CompletedTask);
            await (rolledBack?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
        finally
        {
            await deployer.DisposeAsync();
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_rollout_is_recorded_and_announced_and_rolling_out_the_digest_that_already_runs_is_a_no_op()
    {
        var first = Change(Images.V1);
        await deployer.Rollout.RollOutAsync(Web, first, deployer.Deadline);
        var v1 = await deployer.SingleContainerAsync();
        var v1StartedAt = (await deployer.InspectAsync(v1.ID))?.State.StartedAt;
        await WaitForAsync(deployed, first);

        var again = Change(Images.V1);
        Assert.Equal(Images.V1, await deployer.Target.RunningDigestAsync(Web, deployer.Deadline));
        await deployer.Rollout.RollOutAsync(Web, again, deployer.Deadline);
        await deployer.AssertOnlyContainerAsync(v1.ID, Images.V1);
        Assert.Equal(v1StartedAt, (await deployer.InspectAsync(v1.ID))?.State.StartedAt);

        var second = Change(Images.V2);
        await deployer.Rollout.RollOutAsync(Web, second, deployer.Deadline);
        var announced = await WaitForAsync(deployed, second);

        // Announcements arrive in order: had the no-op announced anything, it would be here by now.
        Assert.True(deployed.Where("correlationId", again.CorrelationId.ToString()).Count == 0,
            $"expected no announcement of the rollout to the running digest; saw {string.Join(", ", deployed.Messages)}");
        var v2 = await deployer.SingleContainerAsync();
        Assert.Equal(Web.Name, announced.GetProperty("service").GetString());
        Assert.Equal(Images.Repository, announced.GetProperty("image").GetString());
        Assert.Equal(Images.V2, announced.GetProperty("digest").GetString());
        Assert.Equal(Images.V1, announced.GetProperty("previousDigest").GetString());
        Assert.Equal(v2.ID, announced.GetProperty("containerId").GetString());

        var history = await deployer.NewHistory().ListAsync(Web.Name, 10, deployer.Deadline);
        Assert.True(history.Count == 2, $"expected the two rollouts that did something in the history, saw {string.Join(", ", history)}");
        Assert.Equal((second.CorrelationId, DeploymentOutcome.Succeeded, Images.V2, Commit, v2.ID, announced.GetProperty("endpoint").GetString()),
            (history[0].CorrelationId, history[0].Outcome, history[0].Digest, history[0].Commit, history[0].ContainerId, history[0].Endpoint));
        Assert.Equal((first.CorrelationId, DeploymentOutcome.Succeeded, Images.V1, v1.ID),
            (history[1].CorrelationId, history[1].Outcome, history[1].Digest, history[1].ContainerId));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_failed_rollout_is_recorded_and_announced_with_the_reason_and_the_new_containers_log_tail()
    {
        await deployer.Rollout.RollOutAsync(Web, Change(Images.V1), deployer.Deadline);
        var v1 = await deployer.SingleContainerAsync();

        var change = Change(Images.Unhealthy);
        await deployer.Rollout.RollOutAsync(Web, change, deployer.Deadline);

        var announced = await WaitForAsync(failed, change);
        var reason = announced.GetProperty("reason").GetString() ?? "";
        Assert.Contains($"GET {Web.Health.HttpPath} answered 500", reason, StringComparison.Ordinal);
        Assert.Equal(Images.Unhealthy, announced.GetProperty("digest").GetString());
        var logTail = announced.GetProperty("logTail").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.True(logTail.Contains("web unhealthy: serving /www on :8080"),
            $"expected the new container's log line in the announcement; its log tail: [{string.Join(" | ", logTail)}]");

        var latest = (await deployer.History.ListAsync(Web.Name, 1, deployer.Deadline)).Single();
        Assert.Equal((change.CorrelationId, DeploymentOutcome.RolledBack, Images.Unhealthy, reason, (string?)null, Images.V1),
            (latest.CorrelationId, latest.Outcome, latest.Digest, latest.Error, latest.ContainerId, latest.PreviousDigest));
        Assert.Contains("web unhealthy: serving /www on :8080", latest.LogTail);
        await deployer.AssertOnlyContainerAsync(v1.ID, Images.V1);

        var back = await WaitForAsync(rolledBack, change);
        Assert.Equal((Images.Unhealthy, Images.V1, reason), (back.GetProperty("failedDigest").GetString(), back.GetProperty("restoredDigest").GetString(),
            back.GetProperty("reason").GetString()));
        Assert.Contains("web unhealthy: serving /www on :8080", back.GetProperty("logTail").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_newer_digest_that_arrives_during_a_rollout_supersedes_it_and_only_the_newer_one_runs()
    {
        await deployer.Rollout.RollOutAsync(Web, Change(Images.V1), deployer.Deadline);
        var slow = Change(Images.Unhealthy);
        var first = deployer.Rollout.RollOutAsync(Web, slow, deployer.Deadline);
        await Eventually.WaitAsync(async _ => (await deployer.ContainersAsync()).Count == 2, TimeSpan.FromSeconds(10),
            "the candidate of the unhealthy digest beside v1");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var newer = Change(Images.V2);
        await Task.WhenAll(first, deployer.Rollout.RollOutAsync(Web, newer, deployer.Deadline), deployer.Rollout.RollOutAsync(Web, Change(Images.V2), deployer.Deadline));
        watch.Stop();

        Assert.True(watch.Elapsed < Web.Health.Timeout, $"expected the superseded rollout to stop at once, not after its health timeout; both took {watch.Elapsed.TotalSeconds:F1} s");
        var v2 = await deployer.SingleContainerAsync();
        await deployer.AssertOnlyContainerAsync(v2.ID, Images.V2);
        var history = await deployer.History.ListAsync(Web.Name, 10, deployer.Deadline);
        Assert.True(history.Count == 3 && history[0].Outcome == DeploymentOutcome.Succeeded && history[0].CorrelationId == newer.CorrelationId
            && history[1].Outcome == DeploymentOutcome.Superseded && history[1].CorrelationId == slow.CorrelationId,
            $"expected v1, the superseded rollout and v2 in the history; saw {string.Join(", ", history.Select(h => $"{h.Outcome} {h.Digest[..15]}"))}");
        Assert.Empty(failed.Where("correlationId", slow.CorrelationId.ToString()));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_container_the_engine_refuses_to_create_is_recorded_and_announced_as_failed_and_the_container_holding_its_name_is_untouched()
    {
        // A container that is not the deployer's, holding exactly the name the deployer gives v2.
        var name = $"{deployer.Environment}-{Web.Name.Replace('/', '-')}-{Images.V2[7..19]}";
        var holder = await deployer.StartForeignContainerAsync($"{Images.Repository}:v1", name, new Dictionary<string, string>());
        await deployer.Rollout.RollOutAsync(Web, Change(Images.V1), deployer.Deadline);
        var v1 = await deployer.SingleContainerAsync();

        var change = Change(Images.V2);
        await deployer.Rollout.RollOutAsync(Web, change, deployer.Deadline);

        var announced = await WaitForAsync(failed, change);
        var reason = announced.GetProperty("reason").GetString() ?? "";
        Assert.StartsWith(Web.Name + ":", reason, StringComparison.Ordinal);
        Assert.Contains(name, reason, StringComparison.Ordinal);
        var latest = (await deployer.History.ListAsync(Web.Name, 1, deployer.Deadline)).Single();
        Assert.Equal((change.CorrelationId, DeploymentOutcome.Failed), (latest.CorrelationId, latest.Outcome));
        await deployer.AssertOnlyContainerAsync(v1.ID, Images.V1);
        var untouched = await deployer.InspectAsync(holder);
        Assert.True(untouched is { State.Running: true, RestartCount: 0 }, $"expected the container holding the name {name} to run untouched");
    }

    private ImageDigestChanged Change(string digest) =>
        new(Guid.NewGuid(), Web.Name, Images.RegistryHost, "latest", null, digest, Commit, DigestSource.Poll, DateTimeOffset.UtcNow);

    private static async Task<JsonElement> WaitForAsync(MessageTap tap, ImageDigestChanged change)
    {
        var messages = await Eventually.WaitAsync(
            _ => Task.FromResult(tap.Where("correlationId", change.CorrelationId.ToString())),
            found => found.Count > 0,
            MessageTimeout,
            $"an announcement of the rollout of {change.Digest} (correlation id {change.CorrelationId})");
        return Assert.Single(messages);
    }
}

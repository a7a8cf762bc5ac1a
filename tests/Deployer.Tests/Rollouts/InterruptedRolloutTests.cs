using Platform.Contracts;
using Platform.Deployer.Docker;
using Platform.Deployer.Rollouts;
using Platform.Testing;
using static Platform.Deployer.Tests.TestImages;

namespace Platform.Deployer.Tests.Rollouts;

/// <summary>
/// Every interrupted rollout leaves a trace: on the real engine, a rollout cancelled by the deployer's shutdown, or left
/// unfinished by a deployer that was killed, has an <c>Interrupted</c> row, its new version is gone, the old one serves,
/// and the redo of the same digest (the message delivered again to a restarted deployer) names it.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class InterruptedRolloutTests(DeployerFixture fixture) : IAsyncLifetime
{
    private DeployerUnderTest deployer = null!;

    private TestImages Images => fixture.Images;

    public Task InitializeAsync()
    {
        deployer = fixture.CreateDeployer(TimeSpan.FromSeconds(4));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await deployer.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task A_rollout_cancelled_by_the_deployers_shutdown_is_recorded_interrupted_the_old_version_serves_and_the_redo_names_it()
    {
        var v1 = await DeployV1Async();
        var change = Change(Images.Unhealthy);
        var waitsLong = Web with { Health = Web.Health with { Timeout = TimeSpan.FromSeconds(60) } };

        // The consumer's token, which MassTransit cancels when the deployer stops (after Deployer's ConsumerStopTimeout).
        using var consume = CancellationTokenSource.CreateLinkedTokenSource(deployer.Deadline);
        var rollout = deployer.Rollout.RollOutAsync(waitsLong, change, consume.Token);
        await Eventually.WaitAsync(
            async _ => (await deployer.ContainersAsync()).Any(ContainerNames.IsCandidate), TimeSpan.FromSeconds(30), "the candidate of the new version to run");
        deployer.Lifetime.StopApplication();
        await consume.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rollout.WaitAsync(TimeSpan.FromSeconds(30)));
        var interrupted = (await deployer.NewHistory().ListAsync(Web.Name, 10, deployer.Deadline))[0];
        Assert.True(
            interrupted is { Outcome: DeploymentOutcome.Interrupted, Attempt: 1, RetryOf: null } && interrupted.Digest == Images.Unhealthy
                && interrupted.PreviousDigest == Images.V1 && interrupted.Error == "interrupted: the deployer shut down before it finished",
            $"expected the interrupted rollout recorded with its reason; saw {interrupted}");
        await deployer.AssertOnlyContainerAsync(v1.ContainerId!, Images.V1);
        await AssertServesAsync(v1.Endpoint!);

        // A restarted deployer gets the message again and redoes the rollout: the new row names the interrupted one.
        var restarted = deployer.NewRollout(fixture.Bus);
        await restarted.RollOutAsync(Web, change, deployer.Deadline);

        var rows = await deployer.NewHistory().ListAsync(Web.Name, 10, deployer.Deadline);
        Assert.True(rows.Count == 3, $"expected the first rollout, the interrupted one and its redo; saw {string.Join(", ", rows)}");
        Assert.True(
            rows[0] is { Outcome: DeploymentOutcome.RolledBack, Attempt: 2 } && rows[0].RetryOf == interrupted.Id && rows[0].Digest == Images.Unhealthy,
            $"expected the redo to name rollout #{interrupted.Id} as attempt 2; saw {rows[0]}");
        Assert.Equal(interrupted, rows[1]);
        await deployer.AssertOnlyContainerAsync(v1.ContainerId!, Images.V1);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_rollout_left_unfinished_by_a_killed_deployer_is_found_at_start_its_candidate_removed_and_the_redo_names_it()
    {
        var v1 = await DeployV1Async();
        var change = Change(Images.V2);

        // What a deployer killed mid-rollout leaves: its row still in progress, and the candidate that never passed its health check.
        var id = await deployer.History.RecordAsync(new DeploymentRecord(Web.Name, Images.V2, null, change.CorrelationId, DeploymentOutcome.InProgress,
            null, null, null, DateTimeOffset.UtcNow) { Image = Images.Repository, PreviousDigest = Images.V1 }, deployer.Deadline);
        var candidate = await deployer.StartForeignContainerAsync($"{Images.Repository}:v2",
            ContainerNames.Candidate(deployer.Environment, Web.Name, Images.V2, 0), new Dictionary<string, string>
            {
                [ContainerLabels.Managed] = "true", [ContainerLabels.Environment] = deployer.Environment,
                [ContainerLabels.Service] = Web.Name, [ContainerLabels.Digest] = Images.V2,
            });

        var restarted = deployer.NewRollout(fixture.Bus);
        await restarted.RollOutAsync(Web, change, deployer.Deadline);

        var rows = await deployer.NewHistory().ListAsync(Web.Name, 10, deployer.Deadline);
        var found = Assert.Single(rows, r => r.Id == id);
        Assert.True(
            found.Outcome == DeploymentOutcome.Interrupted
                && found.Error == "interrupted: the deployer stopped before this rollout finished (found at its next start)"
                && found.Detail == $"removed the candidate container {ContainerNames.Candidate(deployer.Environment, Web.Name, Images.V2, 0)} ({Images.V2})",
            $"expected the unfinished rollout marked interrupted with what was cleaned up; saw {found}");
        Assert.True(
            rows[0] is { Outcome: DeploymentOutcome.Succeeded, Attempt: 2 } && rows[0].RetryOf == id && rows[0].Digest == Images.V2,
            $"expected the redo to succeed as attempt 2 of rollout #{id}; saw {rows[0]}");
        Assert.True(await deployer.InspectAsync(candidate) is null, "expected the leftover candidate to be removed");
        await deployer.AssertOnlyContainerAsync(rows[0].ContainerId!, Images.V2);
        Assert.NotEqual(v1.ContainerId, rows[0].ContainerId);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_redo_that_finds_the_digest_serving_already_says_how_the_interrupted_rollout_ended()
    {
        var v1 = await DeployV1Async();
        var id = await deployer.History.RecordAsync(new DeploymentRecord(Web.Name, Images.V1, null, Guid.NewGuid(), DeploymentOutcome.Interrupted,
            null, null, "interrupted: the deployer shut down before it finished", DateTimeOffset.UtcNow), deployer.Deadline);

        await deployer.NewRollout(fixture.Bus).RollOutAsync(Web, Change(Images.V1), deployer.Deadline);

        var redo = (await deployer.NewHistory().ListAsync(Web.Name, 1, deployer.Deadline))[0];
        Assert.True(
            redo is { Outcome: DeploymentOutcome.Succeeded, Attempt: 2, Detail: "it serves already: the interrupted rollout got that far" } && redo.RetryOf == id,
            $"expected a row that closes rollout #{id}; saw {redo}");
        await deployer.AssertOnlyContainerAsync(v1.ContainerId!, Images.V1);
    }

    private async Task<DeploymentRecord> DeployV1Async()
    {
        await deployer.Rollout.RollOutAsync(Web, Change(Images.V1), deployer.Deadline);
        var first = (await deployer.History.ListAsync(Web.Name, 1, deployer.Deadline))[0];
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, $"the first rollout failed: {first}");
        return first;
    }

    private async Task AssertServesAsync(string endpoint)
    {
        using var http = new HttpClient { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(5) };
        var answer = await http.GetAsync("/cgi-bin/health", deployer.Deadline);
        Assert.True(answer.IsSuccessStatusCode, $"expected the old version at {endpoint} to answer; it said {(int)answer.StatusCode}");
    }

    private ImageDigestChanged Change(string digest) =>
        new(Guid.NewGuid(), Web.Name, Images.RegistryHost, "latest", null, digest, null, DigestSource.Poll, DateTimeOffset.UtcNow);
}

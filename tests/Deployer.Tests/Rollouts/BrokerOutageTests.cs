using MassTransit;
using Platform.Contracts;
using Platform.Deployer.Docker;
using Platform.Deployer.Rollouts;
using Platform.Testing;
using static Platform.Deployer.Tests.TestImages;

namespace Platform.Deployer.Tests.Rollouts;

/// <summary>
/// A broker outage in the middle of a rollout, on a RabbitMQ node of this test's own that it stops and starts again:
/// MassTransit cancels the consumer, the rollout is recorded interrupted and the old version serves; when the broker
/// is back the message is delivered again and the redo names the interrupted rollout.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class BrokerOutageTests(DeployerFixture fixture)
{
    [Fact(Timeout = 180_000)]
    public async Task A_rollout_cut_off_by_a_broker_restart_is_recorded_interrupted_and_redone_when_its_message_comes_back()
    {
        await using var deployer = fixture.CreateDeployer(TimeSpan.FromSeconds(4));
        await using var broker = new RabbitMqNode();
        await broker.StartAsync();
        var images = fixture.Images;
        await deployer.Rollout.RollOutAsync(Web, Change(images, images.V1), deployer.Deadline);
        var v1 = (await deployer.History.ListAsync(Web.Name, 1, deployer.Deadline))[0];

        // The first delivery waits long for a health check that never passes; the redelivery gives up after 4 s.
        var waitsLong = Web with { Health = Web.Health with { Timeout = TimeSpan.FromSeconds(60) } };
        var rollout = deployer.NewRollout(fixture.Bus);
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(broker.ConnectionString), _ => { });
            rabbit.ReceiveEndpoint($"deployer-{deployer.Environment}", endpoint => endpoint.Handler<ImageDigestChanged>(context =>
                rollout.RollOutAsync(context.ReceiveContext.Redelivered ? Web : waitsLong, context.Message, context.CancellationToken)));
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await bus.StartAsync(timeout.Token);
        try
        {
            var change = Change(images, images.Unhealthy);
            await bus.Publish(change, timeout.Token);
            await Eventually.WaitAsync(
                async _ => (await deployer.ContainersAsync()).Any(ContainerNames.IsCandidate), TimeSpan.FromSeconds(30), "the candidate of the new version to run");

            await broker.StopAsync();
            var interrupted = (await Eventually.WaitAsync(
                ct => deployer.NewHistory().ListAsync(Web.Name, 10, ct),
                rows => rows[0].Outcome == DeploymentOutcome.Interrupted,
                TimeSpan.FromSeconds(30), "the rollout recorded interrupted after the broker went away"))[0];
            Assert.Equal("interrupted: the delivery of its message was cancelled before it finished (the broker connection was lost)", interrupted.Error);
            await deployer.AssertOnlyContainerAsync(v1.ContainerId!, images.V1);

            await broker.StartAsync();
            var rows = await Eventually.WaitAsync(
                ct => deployer.NewHistory().ListAsync(Web.Name, 10, ct),
                rows => rows[0].RetryOf == interrupted.Id && rows[0].Outcome != DeploymentOutcome.InProgress,
                TimeSpan.FromSeconds(90), $"the redo of rollout #{interrupted.Id} once the broker is back");
            Assert.True(rows[0] is { Outcome: DeploymentOutcome.RolledBack, Attempt: 2 } && rows[0].Digest == images.Unhealthy,
                $"expected the redo rolled back as attempt 2; saw {rows[0]}");
            Assert.Equal(3, rows.Count);
            await deployer.AssertOnlyContainerAsync(v1.ContainerId!, images.V1);
        }
        finally
        {
            await bus.StopAsync(timeout.Token);
        }
    }

    private static ImageDigestChanged Change(TestImages images, string digest) =>
        new(Guid.NewGuid(), Web.Name, images.RegistryHost, "latest", null, digest, null, DigestSource.Poll, DateTimeOffset.UtcNow);
}

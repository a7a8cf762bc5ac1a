using Platform.Contracts;
using Platform.Deployer.Rollouts;
using static Platform.Deployer.Tests.TestImages;

namespace Platform.Deployer.Tests.Rollouts;

/// <summary>
/// Rolling a service back (<c>POST /api/deployments/rollback</c>): which digest it goes back to, and the rollback itself on
/// the real engine through the same rollout as a new digest.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class RollbackTests(DeployerFixture fixture)
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_target_is_the_newest_digest_that_served_before_the_serving_one_and_failed_rollouts_do_not_count()
    {
        var history = new[]
        {
            Record(5, "sha256:c", DeploymentOutcome.RolledBack),
            Record(4, "sha256:b", DeploymentOutcome.Succeeded),
            Record(3, "sha256:b", DeploymentOutcome.Succeeded),
            Record(2, "sha256:x", DeploymentOutcome.Failed),
            Record(1, "sha256:a", DeploymentOutcome.Succeeded),
        };

        var (target, why) = RollbackTarget.Choose("web", history);

        Assert.Null(why);
        Assert.Equal(("sha256:b", "sha256:a"), (target!.Serving.Digest, target.Previous.Digest));
    }

    [Fact]
    public void A_service_that_served_one_digest_or_none_has_nothing_to_go_back_to()
    {
        var (none, never) = RollbackTarget.Choose("web", [Record(1, "sha256:a", DeploymentOutcome.Failed)]);
        var (single, once) = RollbackTarget.Choose("web", [Record(2, "sha256:a", DeploymentOutcome.Succeeded), Record(1, "sha256:a", DeploymentOutcome.Succeeded)]);

        Assert.Null(none);
        Assert.Contains("never been rolled out successfully", never);
        Assert.Null(single);
        Assert.Contains("served only sha256:a", once);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_rollback_on_the_engine_puts_the_previous_digest_back_and_a_second_one_goes_forward_again()
    {
        await using var deployer = fixture.CreateDeployer(TimeSpan.FromSeconds(8));
        await deployer.Rollout.RollOutAsync(Web, Change(fixture.Images.V1), deployer.Deadline);
        await deployer.Rollout.RollOutAsync(Web, Change(fixture.Images.V2), deployer.Deadline);

        var (back, _) = RollbackTarget.Choose(Web.Name, await deployer.History.ListAsync(Web.Name, 200, deployer.Deadline));
        Assert.Equal((fixture.Images.V2, fixture.Images.V1), (back!.Serving.Digest, back.Previous.Digest));
        await deployer.Rollout.RollOutAsync(Web, Change(back.Previous.Digest), deployer.Deadline);
        Assert.Equal(fixture.Images.V1, await deployer.Target.RunningDigestAsync(Web, deployer.Deadline));
        Assert.Equal(fixture.Images.V1, (await deployer.SingleContainerAsync()).Labels[Platform.Deployer.Targets.ContainerLabels.Digest]);

        var (forward, _) = RollbackTarget.Choose(Web.Name, await deployer.History.ListAsync(Web.Name, 200, deployer.Deadline));
        Assert.Equal(fixture.Images.V2, forward!.Previous.Digest);
    }

    private ImageDigestChanged Change(string digest) =>
        new(Guid.NewGuid(), Web.Name, fixture.Images.RegistryHost, "latest", null, digest, "0123456789abcdef0123456789abcdef01234567", DigestSource.Poll, DateTimeOffset.UtcNow);

    private static DeploymentRecord Record(long id, string digest, DeploymentOutcome outcome) =>
        new("web", digest, null, Guid.NewGuid(), outcome, null, null, null, Noon.AddMinutes(id)) { Id = id };
}

using Platform.Deployer.Docker;
using Platform.Deployer.Targets;
using static Platform.Deployer.Tests.TestImages;

namespace Platform.Deployer.Tests.Targets;

/// <summary>The deployer shares the engine with others: it only ever touches the containers of its own environment.</summary>
[Collection(DeployerCollection.Name)]
public sealed class ForeignContainerTests(DeployerFixture fixture) : IAsyncLifetime
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
    public async Task Containers_without_the_deployers_labels_or_of_another_environment_are_never_touched()
    {
        var stem = $"{deployer.Environment}-{Web.Name.Replace('/', '-')}";
        var otherEnvironment = $"{deployer.Environment}-other";
        var image = $"{Images.Repository}:v1";
        string[] foreign =
        [
            await deployer.StartForeignContainerAsync(image, $"{stem}-{Images.V1[7..19]}-copy", new Dictionary<string, string>()),
            await deployer.StartForeignContainerAsync(image, $"{stem}-by-hand", DeployerLabels(Images.V1, environment: null)),
            await deployer.StartForeignContainerAsync(image, $"{otherEnvironment}-{Web.Name.Replace('/', '-')}-{Images.V1[7..19]}", DeployerLabels(Images.V1, otherEnvironment)),
        ];
        var before = await Task.WhenAll(foreign.Select(deployer.InspectAsync));

        var running = await deployer.Target.RunningDigestAsync(Web, deployer.Deadline);
        Assert.True(running is null, $"expected no running digest before the first rollout of {deployer.Environment}, saw {running} (a foreign container's)");
        await deployer.Target.ReplaceAsync(Web, Images.RegistryHost, Images.V1, Guid.NewGuid(), deployer.Deadline);
        var v2 = await deployer.Target.ReplaceAsync(Web, Images.RegistryHost, Images.V2, Guid.NewGuid(), deployer.Deadline);
        await Assert.ThrowsAsync<DeploymentException>(
            () => deployer.Target.ReplaceAsync(Web, Images.RegistryHost, Images.ExitsAtOnce, Guid.NewGuid(), deployer.Deadline));

        await deployer.AssertOnlyContainerAsync(v2.ContainerId, Images.V2);
        foreach (var (id, earlier) in foreign.Zip(before))
        {
            var now = await deployer.InspectAsync(id);
            Assert.True(now is not null && now.State.Running && now.State.StartedAt == earlier?.State.StartedAt && now.RestartCount == 0,
                $"expected the foreign container {earlier?.Name} to run untouched since {earlier?.State.StartedAt}; saw " +
                (now is null ? "it removed" : $"running={now.State.Running}, started at {now.State.StartedAt}, {now.RestartCount} restarts"));
        }
    }

    private static Dictionary<string, string> DeployerLabels(string digest, string? environment)
    {
        var labels = new Dictionary<string, string>
        {
            [ContainerLabels.Managed] = "true",
            [ContainerLabels.Service] = Web.Name,
            [ContainerLabels.Digest] = digest,
        };
        if (environment is not null)
        {
            labels[ContainerLabels.Environment] = environment;
        }

        return labels;
    }
}

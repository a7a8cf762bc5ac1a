using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// What every builder-service test shares: a real RabbitMQ node, and the local root image that the
/// test images start from (made by scripts/bootstrap-root-image.sh when the engine lacks it).
/// Each test brings its own registry, repository and builder.
/// </summary>
public sealed class BuilderInfrastructure : IAsyncLifetime
{
    /// <summary>The arm64 root is the one a fresh machine lacks: bootstrap-root-image.sh makes every platform's.</summary>
    public const string RootImage = "platform/root:busybox-arm64";

    public RabbitMqNode Broker { get; } = new();

    public async Task InitializeAsync()
    {
        var (inspected, _) = await ChildProcess.RunAsync("docker", ["image", "inspect", RootImage], TimeSpan.FromSeconds(30));
        if (inspected != 0)
        {
            var (exitCode, output) = await ChildProcess.RunAsync(
                "bash", [RepositoryRoot.Combine("scripts", "bootstrap-root-image.sh")], TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"expected scripts/bootstrap-root-image.sh to make {RootImage}, it exited {exitCode}: {output}");
        }

        await Broker.StartAsync();
    }

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>The builder-service tests run one at a time: each builds on the one Docker engine of the machine.</summary>
[CollectionDefinition(Name)]
public sealed class BuilderServiceCollection : ICollectionFixture<BuilderInfrastructure>
{
    public const string Name = "Builder service";
}

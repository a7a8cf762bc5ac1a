namespace Platform.Catalog.Tests.Engine;

/// <summary>
/// The Docker engine on this machine and the local root image the test builds from. A missing engine
/// fails the tests of the collection: they are meant to run wherever Platform runs, never to be skipped.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    public const string RootImage = "platform/root:busybox";

    public async Task InitializeAsync()
    {
        var info = await DockerCli.RunAsync(["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(30));
        Assert.True(info.Succeeded,
            $"these tests need the Docker engine, and 'docker info' failed (start it with: dockerd --iptables=false &): {info.Output}");

        var image = await DockerCli.RunAsync(["image", "inspect", RootImage], TimeSpan.FromSeconds(30));
        if (!image.Succeeded)
        {
            var script = Path.Combine(RepositoryRoot(), "scripts", "bootstrap-root-image.sh");
            var made = await DockerCli.RunAsync(["bash", script], TimeSpan.FromMinutes(3));
            Assert.True(made.Succeeded, $"{RootImage} is missing and {script} could not make it: {made.Output}");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"no Platform.sln above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class DockerEngineCollection : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "Docker engine (required)";
}

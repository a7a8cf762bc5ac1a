using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Remote;
using Platform.Deployer.Specs;
using Platform.Testing;

namespace Platform.Deployer.Tests.Specs;

/// <summary>
/// The deployer's environment read from its own mirror of a remote (a real git smart-HTTP server on loopback): a change
/// that names a commit the mirror has not fetched yet has the mirror catch up and the environment read again at once.
/// </summary>
public sealed class RemoteEnvironmentTests
{
    [Fact]
    public async Task A_change_naming_a_newer_commit_catches_the_mirror_up_and_an_older_one_costs_no_fetch()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var work = await TempGitRepository.CreateAsync();
        using var data = new TempDirectory("deployer-mirror");
        await server.CreateRepositoryAsync("images");
        WriteService(work, "web");
        var first = await work.CommitAllAsync("one service");
        await server.PushAsync(work, "images");
        var catalogOptions = Options.Create(new CatalogOptions
        {
            Repository = server.UrlOf("images"),
            Username = server.User,
            Password = server.Password,
            MirrorDirectory = data.Path,
            FetchInterval = TimeSpan.FromHours(1),
        });
        var repository = new CatalogRepository(catalogOptions, TimeProvider.System, NullLogger<CatalogRepository>.Instance);
        var environment = new EnvironmentSource(new CatalogSource(repository, catalogOptions), repository.Git,
            Options.Create(new DeployerOptions { SpecRefreshInterval = TimeSpan.FromHours(1) }), TimeProvider.System, NullLogger<EnvironmentSource>.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var atFirst = await environment.GetAsync(cts.Token);

        WriteService(work, "api");
        var second = await work.CommitAllAsync("a second service");
        await server.PushAsync(work, "images");
        var withoutCommit = await environment.GetAsync(cts.Token);
        var fetchesBefore = Fetches(server);
        var withSecond = await environment.GetAsync(cts.Token, second);
        var fetchesForSecond = Fetches(server) - fetchesBefore;
        var withFirst = await environment.GetAsync(cts.Token, first);

        Assert.Equal(["team/web"], atFirst.Services.Select(s => s.Name));
        Assert.Equal(["team/web"], withoutCommit.Services.Select(s => s.Name));
        Assert.Equal(second, withSecond.Commit);
        Assert.Equal(["team/api", "team/web"], withSecond.Services.Select(s => s.Name).Order());
        Assert.True(fetchesForSecond >= 1, $"expected the mirror to fetch for {second[..7]}, requests: {string.Join(", ", server.Requests())}");
        Assert.Same(withSecond, withFirst);
        Assert.Equal(fetchesBefore + fetchesForSecond, Fetches(server));
    }

    private static int Fetches(GitHttpServer server) => server.Requests().Count(r => r.StartsWith("POST ", StringComparison.Ordinal));

    private static void WriteService(TempGitRepository work, string name)
    {
        work.WriteFile($"images/{name}/Dockerfile", "FROM scratch\n");
        work.WriteFile($"images/{name}/image.yaml", $"name: team/{name}\nkind: service\nservice:\n  port: 8080\n  health: /health\n");
    }
}

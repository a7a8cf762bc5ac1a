using Platform.Testing;

namespace Platform.Catalog.Tests.Remote;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GitTraceCollection
{
    public const string Name = "git trace (sets GIT_TRACE for the whole test process)";
}

/// <summary>
/// Every git process (and its http helper and askpass) is traced with GIT_TRACE, which prints each command line:
/// the token must be in none of them, nor in the mirror's files or the log. Alone in its collection, because the
/// variable is set for the whole test process.
/// </summary>
[Collection(GitTraceCollection.Name)]
public sealed class SecretTraceTests
{
    [Fact]
    public async Task The_token_is_in_no_command_line_of_git_or_its_helpers_nor_in_the_mirror_nor_in_the_log()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        await scenario.Work.CommitAllAsync("two images");
        await server.PushAsync(scenario.Work, "images");
        using var trace = new TempDirectory("trace");
        var traceFile = trace.Combine("git.trace");
        var (repository, catalog) = scenario.Follow(HttpRemoteTests.Settings(server, "images", fetchInterval: "00:00:00.100"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        Environment.SetEnvironmentVariable("GIT_TRACE", traceFile);
        try
        {
            var images = await catalog.GetAsync(cts.Token);
            await Task.Delay(200, cts.Token);
            await catalog.GetAsync(cts.Token);
            await using var context = await repository.Git.ArchiveAsync(images.Commit, "images/app0", cts.Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_TRACE", null);
        }

        var traced = await File.ReadAllTextAsync(traceFile, cts.Token);
        Assert.Contains("remote-http origin " + server.UrlOf("images"), traced);
        Assert.Contains("askpass.sh", traced);
        Assert.DoesNotContain(server.Password, traced);
        Assert.DoesNotContain(server.Password, scenario.Log.Text);
        foreach (var file in Directory.EnumerateFiles(scenario.MirrorFolder, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/objects/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(server.Password, await File.ReadAllTextAsync(file, cts.Token));
        }
    }
}

using Platform.Catalog.Git;
using Platform.Testing;

namespace Platform.Catalog.Tests.Remote;

/// <summary>Following a remote over SSH with a deploy key and a pinned host key: a real sshd and git-shell on loopback.</summary>
public sealed class SshRemoteTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Follows_an_ssh_remote_with_a_deploy_key_and_the_pinned_host_key()
    {
        await using var server = await GitSshServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        var commit = await scenario.Work.CommitAllAsync("two images");
        await server.PushAsync(scenario.Work, "images");
        var (repository, catalog) = scenario.Follow(Settings(server, server.KnownHostsLine));
        using var cts = new CancellationTokenSource(Deadline);

        var images = await catalog.GetAsync(cts.Token);
        await using var context = await repository.Git.ArchiveAsync(commit, "images/app1", cts.Token);

        Assert.Equal(commit, images.Commit);
        Assert.Equal(["app0", "app1"], images.Images.Select(i => i.Spec.Name).Order());
        Assert.True(context.Length > 0, "expected the build context of app1 to come through the partial mirror");
        Assert.Contains("git-shell", server.Log);
    }

    [Fact]
    public async Task A_host_key_that_is_not_the_pinned_one_is_refused_naming_the_host()
    {
        await using var server = await GitSshServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        var bare = await server.CreateRepositoryAsync("images");
        await scenario.Work.CommitAllAsync("two images");
        await scenario.Work.GitAsync("push", "--quiet", bare, "HEAD:refs/heads/main");
        using var cts = new CancellationTokenSource(Deadline);

        var (_, changed) = scenario.Follow(Settings(server, server.WrongKnownHostsLine));
        var changedError = await Assert.ThrowsAsync<GitException>(() => changed.GetAsync(cts.Token));
        using var other = await MirrorScenario.CreateAsync();
        var (_, unknown) = other.Follow(Settings(server, "[127.0.0.1]:1 " + server.KnownHostsLine.Split(' ', 2)[1]));
        var unknownError = await Assert.ThrowsAsync<GitException>(() => unknown.GetAsync(cts.Token));

        var host = $"[127.0.0.1]:{server.Port}";
        Assert.True(changedError.Message.Contains($"the host key of {host} does not match the one pinned in Catalog:SshKnownHosts", StringComparison.Ordinal), changedError.Message);
        Assert.True(unknownError.Message.Contains($"the host key of {host} is unknown: pin it in Catalog:SshKnownHosts", StringComparison.Ordinal), unknownError.Message);
        Assert.Contains($"ssh-keyscan -p {server.Port} 127.0.0.1", unknownError.Message);
    }

    [Fact]
    public async Task A_deploy_key_the_server_does_not_know_is_refused_with_an_error_naming_the_setting()
    {
        await using var server = await GitSshServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        using var keys = new TempDirectory("otherkey");
        var stranger = keys.Combine("id");
        var (exitCode, output) = await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger], TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0, output);
        var settings = Settings(server, server.KnownHostsLine);
        settings.SshKeyFile = stranger;
        var (_, catalog) = scenario.Follow(settings);
        using var cts = new CancellationTokenSource(Deadline);

        var error = await Assert.ThrowsAsync<GitException>(() => catalog.GetAsync(cts.Token));

        Assert.Contains(server.UrlOf("images"), error.Message);
        Assert.True(error.Message.Contains("refused the deploy key (Catalog:SshKeyFile)", StringComparison.Ordinal), error.Message);
    }

    private static CatalogOptions Settings(GitSshServer server, string knownHosts) => new()
    {
        Repository = server.UrlOf("images"),
        SshKeyFile = server.DeployKeyFile,
        SshKnownHosts = knownHosts,
    };
}

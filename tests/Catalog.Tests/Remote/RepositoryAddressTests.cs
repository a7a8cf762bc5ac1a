using Platform.Catalog.Remote;

namespace Platform.Catalog.Tests.Remote;

public sealed class RepositoryAddressTests
{
    [Theory]
    [InlineData("https://github.com/org/images.git", RepositoryTransport.Http, "github.com", null)]
    [InlineData("http://127.0.0.1:8080/images.git", RepositoryTransport.Http, "127.0.0.1", 8080)]
    [InlineData("ssh://git@gitlab.example.com:2222/team/images.git", RepositoryTransport.Ssh, "gitlab.example.com", 2222)]
    [InlineData("git@github.com:org/images.git", RepositoryTransport.Ssh, "github.com", null)]
    [InlineData("gitea.internal:team/images", RepositoryTransport.Ssh, "gitea.internal", null)]
    [InlineData("/srv/git/images", RepositoryTransport.Local, null, null)]
    [InlineData("../images-repo", RepositoryTransport.Local, null, null)]
    [InlineData(".", RepositoryTransport.Local, null, null)]
    [InlineData("./a:b", RepositoryTransport.Local, null, null)]
    [InlineData("C:\\repos\\images", RepositoryTransport.Local, null, null)]
    public void Reads_urls_the_short_ssh_form_and_local_paths_as_git_does(string text, RepositoryTransport transport, string? host, int? port)
    {
        var address = RepositoryAddress.Parse(text, out var problem);

        Assert.True(address is not null, $"expected '{text}' to be accepted, the problem was: {problem}");
        Assert.Equal((transport, host, port), (address.Transport, address.Host, address.Port));
    }

    [Fact]
    public void Names_a_non_default_ssh_port_the_way_known_hosts_does()
    {
        Assert.Equal("[127.0.0.1]:2222", RepositoryAddress.Parse("ssh://git@127.0.0.1:2222/x.git", out _)!.KnownHostsName);
        Assert.Equal("github.com", RepositoryAddress.Parse("git@github.com:org/x.git", out _)!.KnownHostsName);
    }

    [Theory]
    [InlineData("https://x-access-token:ghp_secret123@github.com/org/images.git", "Catalog:Password")]
    [InlineData("https://ghp_secret123@github.com/org/images.git", "Catalog:Username")]
    [InlineData("http://git.example.com/images.git", "use https")]
    [InlineData("ssh://git:ghp_secret123@host/images.git", "deploy key")]
    [InlineData("ftp://host/images.git", "https://")]
    public void Refuses_addresses_that_carry_a_secret_or_cannot_be_followed_safely_without_repeating_the_secret(string text, string hint)
    {
        var address = RepositoryAddress.Parse(text, out var problem);

        Assert.Null(address);
        Assert.NotNull(problem);
        Assert.Contains(hint, problem);
        Assert.DoesNotContain("ghp_secret123", problem);
    }
}

using Platform.Builder.Coordinator.Webhooks;

namespace Platform.Builder.Tests.Webhooks;

/// <summary>How a payload's names of its repository are compared with the followed one (no I/O).</summary>
public sealed class FollowedRepositoryTests
{
    [Theory]
    [InlineData("octo-org/images", "octo-org/images")]
    [InlineData("https://github.com/Octo-Org/Images.git", "github.com/octo-org/images")]
    [InlineData("https://user@github.com/octo-org/images/", "github.com/octo-org/images")]
    [InlineData("git@github.com:octo-org/images.git", "github.com/octo-org/images")]
    [InlineData("ssh://git@git.example.com:2222/data/images.git", "git.example.com/data/images")]
    [InlineData("git://github.com/octo-org/images.git", "github.com/octo-org/images")]
    [InlineData("git@gitlab.example.com:data/platform/images.git", "gitlab.example.com/data/platform/images")]
    public void A_name_compares_without_scheme_user_port_git_suffix_and_case(string name, string normalized) =>
        Assert.Equal(normalized, FollowedRepository.Normalize(name));

    [Theory]
    [InlineData("https://github.com/acme/images", true)]
    [InlineData("ssh://git@host/acme/images.git", true)]
    [InlineData("git@github.com:acme/images.git", true)]
    [InlineData("/srv/git/images.git", false)]
    [InlineData("../images", false)]
    [InlineData(".", false)]
    public void Only_a_URL_or_an_scp_style_address_is_a_remote_repository(string repository, bool remote) =>
        Assert.Equal(remote, FollowedRepository.IsRemote(repository));
}

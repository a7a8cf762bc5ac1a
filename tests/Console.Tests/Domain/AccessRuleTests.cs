using System.Net;
using Platform.Console.Access;

namespace Platform.Console.Tests.Domain;

/// <summary>The small rules the console's access rests on.</summary>
public sealed class AccessRuleTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.53", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.7", false)]
    [InlineData("::ffff:192.168.1.2", false)]
    public void Only_loopback_addresses_count_as_this_machine(string address, bool loopback) =>
        Assert.Equal(loopback, ReaderHandler.IsLoopback(IPAddress.Parse(address)));

    [Fact]
    public void A_request_with_no_address_does_not_count_as_this_machine() => Assert.False(ReaderHandler.IsLoopback(null));

    [Theory]
    [InlineData(null, true)]
    [InlineData("X-Forwarded-For", false)]
    [InlineData("X-Original-For", false)]
    [InlineData("Forwarded", false)]
    public void A_request_from_loopback_that_came_through_a_proxy_does_not_count_as_this_machine(string? header, bool local)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (header is not null)
        {
            http.Request.Headers[header] = "127.0.0.1";
        }

        Assert.Equal(local, ReaderHandler.IsFromThisMachine(http));
    }

    [Theory]
    [InlineData("/images", "/images")]
    [InlineData("/actions/cancel-build?image=a", "/actions/cancel-build?image=a")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void After_a_sign_in_only_a_path_of_the_console_is_followed(string? returnUrl, string followed) =>
        Assert.Equal(followed, AccountEndpoints.LocalOnly(returnUrl));

    [Fact]
    public void The_password_matches_only_itself_and_no_password_set_matches_nothing()
    {
        var check = new PasswordCheck(Microsoft.Extensions.Options.Options.Create(new ConsoleOptions { Password = "s3cret-pass" }));
        var none = new PasswordCheck(Microsoft.Extensions.Options.Options.Create(new ConsoleOptions()));

        Assert.True(check.Matches("s3cret-pass"));
        Assert.False(check.Matches("s3cret-pas"));
        Assert.False(check.Matches(""));
        Assert.False(none.Matches(""));
        Assert.False(none.Matches(null));
    }
}

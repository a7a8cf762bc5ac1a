using Microsoft.Extensions.Options;

namespace Platform.RegistryWatcher.Tests;

/// <summary>Configured watches are checked at start; a bad one stops the watcher with its key named.</summary>
public sealed class WatcherOptionsTests
{
    [Theory]
    [InlineData("semver", null, null, "RegistryWatcher:Watches:0: Range '' is not an npm-style version range")]
    [InlineData("semver", "^^1", null, "Range '^^1' is not an npm-style version range")]
    [InlineData("regex", null, "build-(", "Pattern 'build-(' is not a valid regular expression")]
    [InlineData("newest", null, null, "Policy 'newest' is not digest, semver or regex")]
    public void A_bad_policy_fails_at_start_naming_the_watch(string policy, string? range, string? pattern, string expected)
    {
        var options = new WatcherOptions { Watches = [new() { Reference = "ghcr.io/org/tool", Policy = policy, Range = range, Pattern = pattern }] };

        var result = new WatcherOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void A_watch_needs_exactly_one_of_reference_and_image_and_a_reference_must_parse()
    {
        var options = new WatcherOptions
        {
            Watches = [new() { Reference = "ghcr.io/org/tool", Image = "team/tool" }, new(), new() { Reference = "Ghcr.io/Org/Tool" }],
            Upstream = new() { Ignore = ["not a reference"] },
        };

        var result = new WatcherOptionsValidator().Validate(null, options);

        Assert.Contains("RegistryWatcher:Watches:0: give exactly one of Reference", result.FailureMessage);
        Assert.Contains("RegistryWatcher:Watches:1: give exactly one of Reference", result.FailureMessage);
        Assert.Contains("RegistryWatcher:Watches:2:Reference: 'Ghcr.io/Org/Tool': repository name must be lowercase", result.FailureMessage);
        Assert.Contains("RegistryWatcher:Upstream:Ignore:0", result.FailureMessage);
    }

    [Fact]
    public void Good_watches_pass()
    {
        var options = new WatcherOptions
        {
            Watches =
            [
                new() { Reference = "python:3.12-slim" },
                new() { Image = "team/api", Tag = "stable" },
                new() { Reference = "ghcr.io/org/tool", Policy = "semver", Range = ">=2 <3", IncludePrerelease = true },
                new() { Reference = "registry.example.com/team/job", Policy = "regex", Pattern = @"main-(?<order>\d{8})" },
            ],
        };

        Assert.Equal(ValidateOptionsResult.Success, new WatcherOptionsValidator().Validate(null, options));
    }
}

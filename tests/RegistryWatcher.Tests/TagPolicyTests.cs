using Platform.RegistryWatcher.Policies;

namespace Platform.RegistryWatcher.Tests;

/// <summary>Which tag wins under a semver or regex policy, as tables.</summary>
public sealed class TagPolicyTests
{
    private static readonly string[] Released = ["1.0.0", "1.2.0", "1.2.3", "v1.2.4", "1.4.0", "1.4.2", "1.5.0-rc.1", "2.0.0", "2.1.0", "2.2.0-beta.1", "3.0.0-alpha", "latest", "1.2", "nightly"];

    [Theory]
    [InlineData("^1.2", false, "1.4.2")]
    [InlineData("~1.2.0", false, "v1.2.4")]
    [InlineData("~1.4.0", false, "1.4.2")]
    [InlineData(">=2 <3", false, "2.1.0")]
    [InlineData(">=2 <3", true, "2.2.0-beta.1")]
    [InlineData("^1.2", true, "1.5.0-rc.1")]
    [InlineData("1.2.x", false, "v1.2.4")]
    [InlineData("*", false, "2.1.0")]
    [InlineData("*", true, "3.0.0-alpha")]
    [InlineData(">=1.5.0-rc.0 <1.6", false, "1.5.0-rc.1")]
    [InlineData("1.0.0 || 1.2.3", false, "1.2.3")]
    [InlineData("^4", false, null)]
    public void Semver_picks_the_highest_version_in_the_range_and_pre_releases_only_when_asked(string range, bool prerelease, string? winner)
    {
        Assert.True(SemverPolicy.TryCreate(range, prerelease, out var policy, out var error), error);

        Assert.Equal(winner, policy.Select(Released));
    }

    [Theory]
    [InlineData("^1.2")]
    [InlineData("2.0.0")]
    public void Semver_does_not_depend_on_the_order_tags_are_listed_in(string range)
    {
        Assert.True(SemverPolicy.TryCreate(range, false, out var policy, out _));

        Assert.Equal(policy.Select(Released), policy.Select(Released.Reverse()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a range")]
    [InlineData(">=")]
    public void A_bad_range_is_refused_with_the_range_named(string range)
    {
        Assert.False(SemverPolicy.TryCreate(range, false, out _, out var error));
        Assert.Contains($"'{range}'", error);
    }

    [Theory]
    [InlineData(@"build-(\d+)", new[] { "build-9", "build-10", "build-2", "latest", "build-x" }, "build-10")]
    [InlineData(@"main-(?<order>\d{8})-[0-9a-f]{7}", new[] { "main-20260101-abcdef1", "main-20251231-1234567", "dev-20270101-abcdef1" }, "main-20260101-abcdef1")]
    [InlineData(@"(\d+\.\d+)-slim", new[] { "3.9-slim", "3.12-slim", "3.12", "3.11-slim" }, "3.12-slim")]
    [InlineData(@"release-.*", new[] { "release-a", "release-b2", "release-b10", "nightly" }, "release-b10")]
    [InlineData(@"stable", new[] { "stable", "stable-1", "unstable" }, "stable")]
    [InlineData(@"v(\d+)", new[] { "v1", "latest" , "v1.5" }, "v1")]
    [InlineData(@"v(\d+)", new[] { "latest", "dev" }, null)]
    public void Regex_picks_the_highest_tag_matching_the_whole_pattern_by_its_capture_group(string pattern, string[] tags, string? winner)
    {
        Assert.True(RegexPolicy.TryCreate(pattern, out var policy, out var error), error);

        Assert.Equal(winner, policy.Select(tags));
    }

    [Fact]
    public void A_bad_pattern_is_refused_with_the_reason()
    {
        Assert.False(RegexPolicy.TryCreate("build-(", out _, out var error));
        Assert.Contains("build-(", error);
    }

    [Theory]
    [InlineData("build-9", "build-10", -1)]
    [InlineData("2024.10", "2024.9", 1)]
    [InlineData("a007", "a7", 0)]
    [InlineData("abc", "abd", -1)]
    [InlineData("v1", "v1.0", -1)]
    public void Natural_order_compares_digit_runs_as_numbers(string left, string right, int sign)
    {
        Assert.Equal(sign, Math.Sign(NaturalOrder.Compare(left, right)));
    }

    [Fact]
    public void A_digest_policy_follows_its_one_tag()
    {
        var (policy, _) = TagPolicy.Create("digest", "3.12-slim", null, false, null);

        Assert.Equal("3.12-slim", policy!.FixedTag);
        Assert.Equal("3.12-slim", policy.Select(["3.12", "3.12-slim", "latest"]));
        Assert.Null(policy.Select(["latest"]));
        Assert.Equal((null, "Policy 'newest' is not digest, semver or regex."), TagPolicy.Create("newest", "x", null, false, null));
    }
}

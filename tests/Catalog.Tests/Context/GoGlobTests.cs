using Platform.Catalog.Context;

namespace Platform.Catalog.Tests.Context;

public sealed class GoGlobTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "ab/c", false)]
    [InlineData("a*/b", "abc/b", true)]
    [InlineData("a*/b", "a/c/b", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [InlineData("ab[c]", "abc", true)]
    [InlineData("ab[b-d]", "abc", true)]
    [InlineData("ab[e-g]", "abc", false)]
    [InlineData("ab[^c]", "abc", false)]
    [InlineData("ab[^b-d]", "abe", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "ab", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("a[^a]b", "a☺b", true)]
    [InlineData("a???b", "a☺b", false)]
    [InlineData("[a-ζ]*", "α", true)]
    [InlineData("*[a-ζ]", "A", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("[\\]a]", "]", true)]
    [InlineData("[\\-]", "-", true)]
    [InlineData("[x\\-]", "z", false)]
    [InlineData("[x\\-]", "-", true)]
    [InlineData("**", "a", true)]
    [InlineData("**", "a/b", false)]
    [InlineData("[z-a]", "m", false)]
    [InlineData("[z-a]", "z", false)]
    [InlineData("[^z-a]", "m", true)]
    [InlineData("a[^x]b", "a/b", true)]
    [InlineData("[!a]", "!", true)]
    [InlineData("[!a]", "b", false)]
    [InlineData("a?b", "a😀b", true)]
    [InlineData("a[😀-😂]b", "a😁b", true)]
    [InlineData("a*", "a😀/", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void Matches_like_gos_filepath_match(string pattern, string name, bool expected)
    {
        var glob = GoGlob.TryCreate(pattern);

        Assert.NotNull(glob);
        Assert.Equal(expected, glob.IsMatch(name));
    }

    [Theory]
    [InlineData("[]a]")]
    [InlineData("[-]")]
    [InlineData("[x-]")]
    [InlineData("[a-b-c]")]
    [InlineData("[")]
    [InlineData("[^")]
    [InlineData("[^bc")]
    [InlineData("a[")]
    [InlineData("a\\")]
    [InlineData("*[a")]
    [InlineData("[a-]")]
    [InlineData("[\\")]
    public void Refuses_the_patterns_go_calls_bad(string pattern) => Assert.Null(GoGlob.TryCreate(pattern));

    [Theory]
    [InlineData("[", "a '[' class is not closed by ']'")]
    [InlineData("file[ab", "a '[' class is not closed by ']'")]
    [InlineData("a\\", "a '\\' at the end of the pattern escapes nothing")]
    [InlineData("[]a]", "a '[' class needs a character where ']' is (write \\] for the character itself)")]
    [InlineData("[a-]", "a '[' class needs a character where ']' is")]
    public void Says_why_a_pattern_is_bad(string pattern, string reason)
    {
        Assert.Null(GoGlob.TryCreate(pattern, out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_takes_linear_time_on_patterns_that_make_a_backtracking_matcher_blow_up()
    {
        var name = new string('a', 100_000);
        var patterns = new[] { "a*a*a*a*a*a*a*a*b", string.Concat(Enumerable.Repeat("*a", 50)) + "b", "*" + name[..200] + "b" };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var pattern in patterns)
        {
            Assert.False(GoGlob.TryCreate(pattern)!.IsMatch(name), $"a pattern of {pattern.Length} characters matched");
        }

        Assert.True(GoGlob.TryCreate("a*a*a*a*a*a*a*a*a")!.IsMatch(name));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"matching took {watch.Elapsed}");
    }
}

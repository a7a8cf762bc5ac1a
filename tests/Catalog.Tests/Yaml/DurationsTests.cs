using Platform.Catalog.Yaml;

namespace Platform.Catalog.Tests.Yaml;

/// <summary>The one grammar of durations that <c>image.yaml</c> and <c>deploy/&lt;env&gt;.yaml</c> share.</summary>
public sealed class DurationsTests
{
    public static TheoryData<string, TimeSpan> Durations_either_file_accepts => new()
    {
        // What the deployer's reader took.
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "90s", TimeSpan.FromSeconds(90) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "72h", TimeSpan.FromHours(72) },
        { "2d", TimeSpan.FromDays(2) },
        { "1d2h3m4s5ms", new TimeSpan(1, 2, 3, 4, 5) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { " 30s ", TimeSpan.FromSeconds(30) },
        // What the image spec's reader took.
        { "00:01:30", TimeSpan.FromSeconds(90) },
        { "1.02:03:04", new TimeSpan(1, 2, 3, 4) },
        { "0.5s", TimeSpan.FromMilliseconds(500) },
        { ".5s", TimeSpan.FromMilliseconds(500) },
        { "90 s", TimeSpan.FromSeconds(90) },
        { "1h 30m", TimeSpan.FromMinutes(90) },
        { "0s", TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(Durations_either_file_accepts))]
    public void A_duration_either_spec_file_took_reads_as_the_same_time_span(string text, TimeSpan expected)
    {
        Assert.True(Durations.TryParse(text, out var duration), $"'{text}' was refused");
        Assert.Equal(expected, duration);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    [InlineData("30")] // a bare number has no unit (TimeSpan would read it as 30 days)
    [InlineData("-5m")]
    [InlineData("5x")]
    [InlineData("m5")]
    [InlineData("1e3s")]
    [InlineData("+5s")]
    [InlineData("1,5h")]
    [InlineData("\u0661\u0662s")] // digits of another script
    [InlineData("12:99:00")]
    public void Text_that_is_no_duration_is_refused_without_an_exception(string? text)
    {
        Assert.False(Durations.TryParse(text, out _), $"'{text}' was taken for a duration");
    }

    [Theory]
    [InlineData("1000000000000000000h")]
    [InlineData("99999999999999999999999999999999999999999999999999d")]
    [InlineData("10675200d")]
    [InlineData("10675199d 24h")]
    public void A_duration_too_long_for_a_time_span_is_the_longest_one_so_that_its_range_refuses_it(string text)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.MaxValue, duration);
        Assert.False(new DurationRange("1s", "7d").Contains(duration));
    }

    [Fact]
    public void A_number_of_three_hundred_digits_is_too_long_not_a_crash()
    {
        Assert.True(Durations.TryParse(new string('9', 300) + "s", out var duration));
        Assert.Equal(TimeSpan.MaxValue, duration);
    }

    [Theory]
    [InlineData(300, "300 ms")]
    [InlineData(1_500, "1.5 s")]
    [InlineData(90_000, "90 s")]
    [InlineData(300_000, "5 min")]
    [InlineData(5_400_000, "90 min")]
    [InlineData(259_200_000, "72 h")]
    public void A_duration_is_written_for_people_in_the_unit_that_suits_it(long milliseconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void A_range_is_written_and_checked_with_the_ends_the_file_would_write()
    {
        var range = new DurationRange("1s", "7d");

        Assert.Equal("from 1s to 7d", range.ToString());
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)), (range.Min, range.Max));
        Assert.True(range.Contains(TimeSpan.FromDays(7)) && range.Contains(TimeSpan.FromSeconds(1)));
        Assert.False(range.Contains(TimeSpan.FromDays(7) + TimeSpan.FromTicks(1)) || range.Contains(TimeSpan.FromMilliseconds(999)));
        Assert.Throws<ArgumentException>(() => new DurationRange("7d", "1s"));
        Assert.Throws<ArgumentException>(() => new DurationRange("1s", "a week"));
    }
}

using Platform.Builder.Workers.Building;

namespace Platform.Builder.Tests.Building;

public sealed class BuildLabelsTests
{
    private static readonly IReadOnlyDictionary<string, string> Labels = BuildLabels.For("team/app", "0123456789abcdef0123456789abcdef01234567");

    [Fact]
    public void Every_label_of_a_build_goes_into_one_LABEL_instruction_at_the_end_of_the_Dockerfile()
    {
        var rendered = BuildLabels.Append("FROM busybox\nCOPY a /a\n", Labels);

        Assert.Equal(
            "FROM busybox\nCOPY a /a\n" +
            "LABEL \"dev.platform.image\"=\"team/app\" \"org.opencontainers.image.revision\"=\"0123456789abcdef0123456789abcdef01234567\" \"org.opencontainers.image.title\"=\"team/app\"\n",
            rendered);
        Assert.Empty(BuildLabels.NotInDockerfile(Labels));
    }

    [Fact]
    public void A_Dockerfile_without_a_final_newline_or_with_CRLF_lines_keeps_its_last_instruction_whole()
    {
        Assert.StartsWith("FROM busybox\nLABEL ", BuildLabels.Append("FROM busybox", Labels), StringComparison.Ordinal);
        var crlf = BuildLabels.Append("FROM busybox\r\nCMD [\"sh\"]", Labels);
        Assert.StartsWith("FROM busybox\r\nCMD [\"sh\"]\r\nLABEL ", crlf, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", crlf, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_the_Dockerfile_would_change_by_quoting_escapes_or_variables_is_left_to_the_build_API()
    {
        var labels = new Dictionary<string, string> { ["plain"] = "v1", ["expanded"] = "$HOME", ["quoted"] = "a \"b\"" };

        var rendered = BuildLabels.Append("FROM busybox\n", labels);

        Assert.Equal("FROM busybox\nLABEL \"plain\"=\"v1\"\n", rendered);
        Assert.Equal(new Dictionary<string, string> { ["expanded"] = "$HOME", ["quoted"] = "a \"b\"" }, BuildLabels.NotInDockerfile(labels));
    }
}

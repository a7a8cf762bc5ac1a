using Platform.Catalog.Specs;

namespace Platform.Catalog.Tests.Specs;

public sealed class ImageSpecReaderTests
{
    [Theory]
    [InlineData("name: platform/api\nkind: etl\n  schedule: daily\n", 3)]
    [InlineData("name: \"platform/api\n", 1)]
    [InlineData("name: platform/api\ntags: [stable\n", 3)]
    // YamlDotNet throws InvalidOperationException, not YamlException, for these (aaubry/YamlDotNet#541).
    [InlineData("tags: [stable\nkind: etl\n", 1)]
    [InlineData("name: platform/api\nplatforms: [linux/amd64\nkind: service\nservice:\n  port: 80\n", 2)]
    public void Text_that_is_not_yaml_is_a_problem_with_its_line_never_an_exception(string yaml, int line)
    {
        var (spec, problems) = ImageSpecReader.Read("images/api", yaml);

        Assert.Null(spec);
        var problem = Assert.Single(problems);
        Assert.Equal("images/api/image.yaml", problem.File);
        Assert.True(problem.Line == line && problem.Message.StartsWith("not valid YAML: ", StringComparison.Ordinal),
            $"expected 'not valid YAML' at line {line}, saw: {problem}");
    }

    [Fact]
    public void A_spec_saved_with_a_byte_order_mark_reads_like_one_without()
    {
        var (spec, problems) = ImageSpecReader.Read("images/api", "\uFEFFname: platform/api\r\nkind: service\r\n");

        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.Equal("platform/api", spec!.Name);
        Assert.Equal(ImageKind.Service, spec.Kind);
    }
}

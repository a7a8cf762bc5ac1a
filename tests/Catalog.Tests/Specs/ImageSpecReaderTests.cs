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

    [Fact]
    public void A_spec_nested_deeper_than_the_parser_can_take_is_one_problem_not_a_crashed_builder()
    {
        var (spec, problems) = ImageSpecReader.Read("images/api", "name: platform/api\ntags: " + new string('[', 100_000) + "\n");

        Assert.Null(spec);
        Assert.Equal("images/api/image.yaml:2: mappings and lists nest deeper than 32 levels", Assert.Single(problems).ToString());
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("00:01:30", 90_000)]
    public void A_test_timeout_takes_every_duration_the_environment_files_take(string timeout, long milliseconds)
    {
        var (spec, problems) = ImageSpecReader.Read("images/api", $"name: platform/api\ntests:\n  - run: pytest\n    timeout: {timeout}\n");

        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Assert.Single(spec!.Tests).Timeout);
    }

    [Fact]
    public void An_unknown_field_names_the_section_its_line_and_the_known_fields()
    {
        var (_, problems) = ImageSpecReader.Read("images/api", "name: platform/api\ntests:\n  - run: pytest\n    timeuot: 5m\nplatfroms: [linux/amd64]\n");

        Assert.Equal([
            "images/api/image.yaml:4: unknown field 'timeuot' in tests[1]; known fields: name, run, command, timeout",
            "images/api/image.yaml:5: unknown field 'platfroms' at the top level; known fields: name, kind, dockerfile, context, buildArgs, platforms, tags, tests, service, etl",
        ], problems.Select(p => p.ToString()));
    }
}

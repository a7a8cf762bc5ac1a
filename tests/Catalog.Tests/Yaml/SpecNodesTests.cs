using Platform.Catalog.Yaml;

namespace Platform.Catalog.Tests.Yaml;

/// <summary>The node reader both spec readers use: problems with their lines, durations in range, unknown fields, and text that is no YAML.</summary>
public sealed class SpecNodesTests
{
    private const string File = "deploy/beta.yaml";

    private readonly List<string> problems = [];

    private SpecNodes Nodes() => new(File, (line, message) => problems.Add(line is null ? $"{File}: {message}" : $"{File}:{line}: {message}"));

    [Theory]
    [InlineData("timeout: 8d", "deploy/beta.yaml:2: timeout '8d' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 500ms", "deploy/beta.yaml:2: timeout '500ms' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 1000000000000000000h", "deploy/beta.yaml:2: timeout '1000000000000000000h' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: 8.00:00:00", "deploy/beta.yaml:2: timeout '8.00:00:00' is out of range: it must be from 1s to 7d")]
    [InlineData("timeout: soon", "deploy/beta.yaml:2: timeout 'soon' is not a duration (for example 30s, 5m, 1h30m; from 1s to 7d)")]
    [InlineData("timeout: 30", "deploy/beta.yaml:2: timeout '30' is not a duration (for example 30s, 5m, 1h30m; from 1s to 7d)")]
    [InlineData("timeout: [30s]", "deploy/beta.yaml:2: timeout must be a single value")]
    public void A_duration_out_of_its_range_or_not_a_duration_is_a_problem_on_its_line(string field, string expected)
    {
        var nodes = Nodes();
        var root = SpecYaml.Load($"job:\n  {field}\n", nodes, "only the first is read");
        var fields = nodes.Fields(nodes.Fields(root!, "the top level", "job")["job"].Value, "job", "timeout");

        var duration = nodes.Duration(fields["timeout"].Value, "timeout", new DurationRange("1s", "7d"));

        Assert.Null(duration);
        Assert.Equal([expected], problems);
        Assert.Equal(1, nodes.Count);
    }

    [Fact]
    public void A_duration_in_range_is_read_without_a_problem()
    {
        var nodes = Nodes();
        var root = SpecYaml.Load("timeout: 1h30m\n", nodes, "only the first is read");

        var duration = nodes.Duration(nodes.Fields(root!, "the top level", "timeout")["timeout"].Value, "timeout", new DurationRange("1s", "7d"));

        Assert.Equal(TimeSpan.FromMinutes(90), duration);
        Assert.Empty(problems);
    }

    [Fact]
    public void An_unknown_field_names_itself_where_it_is_its_line_and_the_known_fields()
    {
        var nodes = Nodes();
        var root = SpecYaml.Load("services:\n  api:\n    image: app\n    replica: 2\n    halth: /ready\n", nodes, "only the first is read");
        var api = nodes.Fields(root!, "the top level", "services")["services"].Value;

        var fields = nodes.Fields(nodes.Fields(api, "services", "api")["api"].Value, "service api", "image, replicas, health");

        Assert.Equal(["image", "replica", "halth"], fields.Keys);
        Assert.Equal([
            "deploy/beta.yaml:4: unknown field 'replica' in service api; known fields: image, replicas, health",
            "deploy/beta.yaml:5: unknown field 'halth' in service api; known fields: image, replicas, health",
        ], problems);
    }

    [Fact]
    public void Numbers_out_of_range_are_problems_with_the_range()
    {
        var nodes = Nodes();
        var root = SpecYaml.Load("replicas: 99999999999999999999\nport: 80\n", nodes, "only the first is read");
        var fields = nodes.Fields(root!, "the top level", "replicas, port");

        Assert.Null(nodes.Integer(fields["replicas"].Value, "replicas", 1, 20));
        Assert.Equal(80, nodes.Integer(fields["port"].Value, "port", 1, 65535));
        Assert.Equal(["deploy/beta.yaml:1: replicas '99999999999999999999' must be a whole number from 1 to 20"], problems);
    }

    [Theory]
    [InlineData("a:\n\tb: 1\n", "deploy/beta.yaml:2: not valid YAML: this line is indented with a tab; YAML indents with spaces only")]
    [InlineData("tags: [stable\nkind: etl\n", "deploy/beta.yaml:1: not valid YAML: the text after this line cannot be read (is a '[' or '{' left open?)")]
    [InlineData("a: 1\n---\nb: 2\n", "deploy/beta.yaml:3: holds more than one YAML document ('---'); only the first is read")]
    public void Text_that_is_not_one_yaml_document_is_a_problem_with_its_line_never_an_exception(string yaml, string expected)
    {
        SpecYaml.Load(yaml, Nodes(), "only the first is read");

        Assert.Equal([expected], problems);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_one_problem_instead_of_a_stack_overflow()
    {
        var root = SpecYaml.Load("a:\n  b: " + new string('[', 100_000) + "\n", Nodes(), "only the first is read");

        Assert.Null(root);
        Assert.Equal(["deploy/beta.yaml:2: mappings and lists nest deeper than 32 levels"], problems);
    }

    [Fact]
    public void A_reader_of_the_first_document_only_is_not_told_of_the_second_and_an_empty_second_one_is_no_problem()
    {
        var first = SpecYaml.Load("a: 1\n---\nb: 2\n", Nodes(), secondDocument: null);
        SpecYaml.Load("a: 1\n---\n", Nodes(), "only the first is read");

        Assert.Equal("a", Assert.Single(((YamlDotNet.RepresentationModel.YamlMappingNode)first!).Children).Key.ToString());
        Assert.Empty(problems);
    }
}

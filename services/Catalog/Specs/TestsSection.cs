using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary><c>tests:</c> a list of shell lines, or of <c>{name, run | command, timeout}</c>.</summary>
internal static class TestsSection
{
    private const string Known = "name, run, command, timeout";

    public static IReadOnlyList<ImageTest> Read(SpecNodes nodes, YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            nodes.Problem(node, "tests must be a list of commands");
            return [];
        }

        var tests = new List<ImageTest>();
        foreach (var item in sequence.Children)
        {
            var number = tests.Count + 1;
            if (item is YamlScalarNode { Value: { Length: > 0 } line })
            {
                tests.Add(new ImageTest($"test {number}", ["/bin/sh", "-c", line], ImageTest.DefaultTimeout));
            }
            else if (One(nodes, item, number) is { } test)
            {
                tests.Add(test);
            }
        }

        return tests;
    }

    private static ImageTest? One(SpecNodes nodes, YamlNode item, int number)
    {
        string? name = null;
        IReadOnlyList<string>? command = null;
        var timeout = ImageTest.DefaultTimeout;
        foreach (var (key, value) in nodes.Mapping(item, $"tests[{number}]"))
        {
            switch (key.Value)
            {
                case "name":
                    name = nodes.Scalar(value, "tests.name");
                    break;
                case "run":
                    command = nodes.Scalar(value, "tests.run") is { } run ? ["/bin/sh", "-c", run] : null;
                    break;
                case "command":
                    command = value is YamlSequenceNode words
                        ? [.. words.Children.Select(w => nodes.Scalar(w, "tests.command") ?? "")]
                        : null;
                    if (command is null)
                    {
                        nodes.Problem(value, "tests.command must be a list of words, for example [\"uname\", \"-m\"]");
                    }

                    break;
                case "timeout":
                    timeout = nodes.Duration(value, "tests.timeout", ImageTest.Timeouts) ?? timeout;
                    break;
                default:
                    nodes.Unknown(key, $"in tests[{number}]", Known);
                    break;
            }
        }

        if (command is null or { Count: 0 })
        {
            nodes.Problem(item, $"test {number} needs 'run' (a shell line) or 'command' (a list of words)");
            return null;
        }

        return new ImageTest(name ?? $"test {number}", command, timeout);
    }
}

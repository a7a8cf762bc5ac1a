using Platform.Catalog.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

/// <summary>Reads Dockerfiles written as lines, for tests.</summary>
internal static class Dockerfiles
{
    public static Dockerfile Read(string text, params (string Name, string Value)[] buildArgs) =>
        DockerfileReader.Read(text, buildArgs.ToDictionary(a => a.Name, a => a.Value));

    public static Dockerfile Lines(params string[] lines) => Read(string.Join('\n', lines) + "\n");

    public static Dockerfile Valid(string text, params (string Name, string Value)[] buildArgs)
    {
        var dockerfile = Read(text, buildArgs);
        Assert.True(dockerfile.Problems.Count == 0, $"expected no problems, got: {string.Join("; ", dockerfile.Problems)}");
        return dockerfile;
    }

    public static CopyInstruction SingleCopy(string text)
    {
        var dockerfile = Valid(text);
        return Assert.Single(dockerfile.Copies);
    }

    public static string[] SourceTexts(this CopyInstruction copy) => [.. copy.Sources.Select(s => s.Text)];

    public static string Describe(this Dockerfile dockerfile) => string.Join("; ", dockerfile.Problems);
}

using Platform.Catalog.Context;

namespace Platform.Catalog.Tests.Engine;

/// <summary>
/// Odd <c>.dockerignore</c> lines read by the real docker command line (which filters the context before it
/// sends it): what <see cref="BuildContext"/> computes is what arrives in the image, and a line Docker refuses
/// is one <see cref="DockerIgnore"/> reports, with Docker's words.
/// </summary>
[Collection(DockerEngineCollection.Name)]
public sealed class PatternsAgainstDockerEngineTests : IDisposable
{
    private const string Label = "dev.platform.test=catalog-patterns";

    // Each line picks its files from its own group, so that the lines do not interfere.
    private static readonly string[] ContextFiles =
    [
        "x1", "xa", "y^]", "y*", "z5", "zd", "aA", "ax41", "_w", "-w", "va", "vb", "a^bc", "q😀", "q😀😀", "t!", "tb",
        "n/m/deep/f", "n/keep",
    ];

    private const string Ignore = """
        x[[:digit:]]
        y[*]
        z\d
        a\x41
        [\w]w
        v[^a]
        a^b*
        q?
        t[!a]
        **/**/deep
        """;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "platform-catalog-patterns-" + Guid.NewGuid().ToString("N"));
    private readonly string tag = "platform-catalog-tests/patterns:" + Guid.NewGuid().ToString("N")[..12];

    [Fact(Timeout = 300_000)]
    public async Task The_engine_receives_exactly_the_files_computed_for_odd_patterns()
    {
        Write(ContextFiles, Ignore);
        var ignore = DockerIgnore.Parse(Ignore);
        Assert.Empty(ignore.Problems);
        var computed = BuildContext.Create([.. ContextFiles, "Dockerfile", ".dockerignore"], ignore).Files.Order(StringComparer.Ordinal).ToList();
        // What Go's regexp makes of these lines, which a translation to .NET's regular expressions gets wrong.
        Assert.Equal(["-w", ".dockerignore", "Dockerfile", "a^bc", "ax41", "n/keep", "q😀😀", "tb", "va", "xa", "y*", "zd"], computed);

        var build = await DockerCli.RunAsync(
            ["build", "--no-cache", "--rm", "--force-rm", "--label", Label, "-t", tag, "."], TimeSpan.FromMinutes(4), folder, legacyBuilder: true);
        try
        {
            Assert.True(build.Succeeded, $"docker build failed:\n{build.Output}");
            var sent = build.Output.Split('\n').Where(l => l.StartsWith("@@|", StringComparison.Ordinal)).Select(l => l[3..].TrimEnd('\r'))
                .Order(StringComparer.Ordinal).ToList();
            Assert.True(computed.SequenceEqual(sent), $"computed [{string.Join(", ", computed)}], the engine received [{string.Join(", ", sent)}]");
        }
        finally
        {
            await DockerCli.RunAsync(["image", "rm", "--force", tag], TimeSpan.FromMinutes(1));
        }
    }

    [Theory(Timeout = 120_000)]
    [InlineData("[z-a]", "invalid character class range")]
    [InlineData("src/[", "a '[' class is not closed")]
    [InlineData("a\\", "escapes nothing")]
    [InlineData("a\\q", "invalid escape sequence")]
    public async Task A_line_docker_refuses_is_refused_here_in_dockers_words(string line, string reason)
    {
        Write(["kept.txt"], "ok\n" + line);

        var problem = Assert.Single(DockerIgnore.Parse("ok\n" + line).Problems);
        var build = await DockerCli.RunAsync(["build", "--no-cache", "--label", Label, "-t", tag, "."], TimeSpan.FromMinutes(1), folder, legacyBuilder: true);

        Assert.False(build.Succeeded, $"docker accepted the line '{line}':\n{build.Output}");
        Assert.Contains("syntax error in pattern", build.Output, StringComparison.Ordinal);
        Assert.Equal(2, problem.Line);
        Assert.Contains($"'{line}': syntax error in pattern (", problem.Message, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Write(IEnumerable<string> files, string ignore)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x\n");
        }

        File.WriteAllText(Path.Combine(folder, ".dockerignore"), ignore + "\n");
        File.WriteAllText(Path.Combine(folder, "Dockerfile"), string.Join('\n',
            "FROM " + DockerEngineFixture.RootImage,
            "COPY . /ctx/",
            """RUN cd /ctx && find . -type f | while read -r f; do echo "@@|${f#./}"; done""",
            ""));
    }
}

using Platform.Catalog.Context;
using Platform.Catalog.Dockerfiles;

namespace Platform.Catalog.Tests.Context;

public sealed class BuildInputsTests
{
    private static readonly string[] Files =
    [
        "Dockerfile", ".dockerignore", "package.json", "package-lock.json", "README.md", "notes.txt",
        "src/index.js", "src/lib/util.js", "src/lib/util.test.js", "src/.env",
        "config/app.yaml", "config/dev/app.yaml", "assets/logo.png", "assets/big/video.mp4",
        "weird[1].txt",
    ];

    private static BuildInputSet Compute(string dockerfile, string dockerignore = "", string[]? files = null) =>
        BuildInputs.Compute(files ?? Files, DockerfileReader.Read(dockerfile, new Dictionary<string, string>()), DockerIgnore.Parse(dockerignore));

    public static TheoryData<string, string[]> Sources => new()
    {
        { "package*.json", ["package-lock.json", "package.json"] },
        { "src", ["src/.env", "src/index.js", "src/lib/util.js", "src/lib/util.test.js"] },
        { "./src/lib/", ["src/lib/util.js", "src/lib/util.test.js"] },
        { "/config//app.yaml", ["config/app.yaml"] },
        { "src/lib/../index.js", ["src/index.js"] },
        { "*/app.yaml", ["config/app.yaml"] },
        { "config/*/app.yaml", ["config/dev/app.yaml"] },
        { "**/app.yaml", ["config/app.yaml"] },
        { "src/*", ["src/.env", "src/index.js", "src/lib/util.js", "src/lib/util.test.js"] },
        { "[a-c]*", ["assets/big/video.mp4", "assets/logo.png", "config/app.yaml", "config/dev/app.yaml"] },
        { "?????.txt", ["notes.txt"] },
        { "weird?1?.txt", ["weird[1].txt"] },
        { "*.md", ["README.md"] },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void A_source_reads_the_files_docker_would_copy(string source, string[] expected)
    {
        var inputs = Compute($"FROM alpine\nCOPY {source} /dst/\n");

        Assert.Empty(inputs.Problems);
        Assert.Equal(expected, Assert.Single(inputs.Sources).Files);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("/")]
    public void The_root_names_the_whole_context_less_what_is_ignored(string source)
    {
        var inputs = Compute($"FROM alpine\nCOPY {source} /app/\n", "**/*.test.js\nassets/big\n.env");

        var expected = Files.Except(["src/lib/util.test.js", "assets/big/video.mp4"]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Assert.Single(inputs.Sources).Files);
    }

    [Fact]
    public void Inputs_are_the_copied_files_plus_the_dockerfile_and_dockerignore()
    {
        var inputs = Compute(string.Join('\n',
            "FROM node:20 AS build",
            "COPY package.json package-lock.json ./",
            "COPY src/ src/",
            "FROM alpine",
            "COPY --from=build /app /app",
            "ADD https://example.com/x.tgz /x/",
            "COPY <<EOF /etc/motd",
            "hello",
            "EOF"), "**/*.test.js");

        Assert.Empty(inputs.Problems);
        Assert.Equal(
            [".dockerignore", "Dockerfile", "package-lock.json", "package.json", "src/.env", "src/index.js", "src/lib/util.js"],
            inputs.Files);
    }

    [Fact]
    public void Without_a_dockerignore_file_only_the_dockerfile_is_added()
    {
        var inputs = Compute("FROM alpine\nCOPY notes.txt /\n", "", ["Dockerfile", "notes.txt"]);

        Assert.Equal(["Dockerfile", "notes.txt"], inputs.Files);
    }

    [Theory]
    [InlineData("COPY missing.txt /dst/", "source 'missing.txt' is not in the build context")]
    [InlineData("COPY notes.txt missing/ /dst/", "source 'missing/' is not in the build context")]
    [InlineData("COPY src/.env /dst/", "source 'src/.env' is not in the build context")]
    [InlineData("COPY ../outside.txt /dst/", "source '../outside.txt' is outside the build context")]
    [InlineData("COPY src/../../x /dst/", "is outside the build context")]
    [InlineData("COPY *.none /dst/", "no source files were specified")]
    [InlineData("COPY [z]* nothing* /dst/", "no source files were specified")]
    [InlineData("ADD *.none /dst/", "ADD *.none: no source files were specified")]
    public void A_source_that_reads_nothing_is_a_problem_with_its_line(string copy, string message)
    {
        var inputs = Compute($"FROM alpine\n\n{copy}\n", "**/.env");

        var problem = Assert.Single(inputs.Problems);
        Assert.Equal(("Dockerfile", 3), (problem.File, problem.Line));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_is_fine_when_another_source_copies_something()
    {
        var inputs = Compute("FROM alpine\nCOPY package.json yarn.lock* /app/\n");

        Assert.Empty(inputs.Problems);
        Assert.Equal([["package.json"], []], inputs.Sources.Select(s => s.Files));
    }

    [Fact]
    public void A_source_is_matched_after_substitution_of_args()
    {
        var inputs = BuildInputs.Compute(Files,
            DockerfileReader.Read("FROM alpine\nARG DIR=config\nCOPY ${DIR}/dev /c/\n", new Dictionary<string, string> { ["DIR"] = "src" }),
            DockerIgnore.None);

        Assert.Equal("src/dev", Assert.Single(inputs.Sources).Source);
        Assert.Contains("not in the build context", Assert.Single(inputs.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclude_flags_remove_files_relative_to_the_source()
    {
        var inputs = Compute("FROM alpine\nCOPY --exclude=**/*.test.js --exclude=.env src /app/\n");

        Assert.Equal(["src/index.js", "src/lib/util.js"], Assert.Single(inputs.Sources).Files);
    }
}

using Platform.Catalog.Context;

namespace Platform.Catalog.Tests.Context;

public sealed class BuildContextTests
{
    private static readonly string[] Files =
    [
        "Dockerfile", ".dockerignore", "top.txt", "other.md",
        "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "a/b/c/keep.md",
        "logs/l.log", "logs/deep/d.log", "logs/deep/important.log",
        "docs/r.md", "docs/keep.txt",
    ];

    public static TheoryData<string, string[]> Cases => new()
    {
        // an exception that starts with the excluded folder's path brings a file back
        { "/a/b\n!a/b/c/keep.md", ["Dockerfile", ".dockerignore", "top.txt", "other.md", "a/one.txt", "a/b/c/keep.md", "logs/l.log", "logs/deep/d.log", "logs/deep/important.log", "docs/r.md", "docs/keep.txt"] },
        // an exception with ** does not: the CLI never enters the excluded folder
        { "logs\n!**/important.log", ["Dockerfile", ".dockerignore", "top.txt", "other.md", "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "a/b/c/keep.md", "docs/r.md", "docs/keep.txt"] },
        { "logs\n!logs/deep/important.log", ["Dockerfile", ".dockerignore", "top.txt", "other.md", "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "a/b/c/keep.md", "logs/deep/important.log", "docs/r.md", "docs/keep.txt"] },
        // the last match wins, through the folders
        { "**/*.md\n!docs/*.md", ["Dockerfile", ".dockerignore", "top.txt", "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "logs/l.log", "logs/deep/d.log", "logs/deep/important.log", "docs/r.md", "docs/keep.txt"] },
        // * with exceptions: only what is listed (and the Dockerfile and .dockerignore are dropped)
        { "*\n!docs\n!top.txt", ["top.txt", "docs/r.md", "docs/keep.txt"] },
        { ".dockerignore\nDockerfile\n**/*.txt\n*.md", ["logs/l.log", "logs/deep/d.log", "logs/deep/important.log", "a/b/c/keep.md", "docs/r.md"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Holds_the_files_the_cli_sends_less_those_the_engine_drops(string dockerignore, string[] expected)
    {
        var context = BuildContext.Create(Files, DockerIgnore.Parse(dockerignore));

        Assert.Equal(expected.Order(StringComparer.Ordinal), context.Files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_whose_files_are_all_excluded_still_exists_but_an_excluded_folder_does_not()
    {
        var context = BuildContext.Create(Files, DockerIgnore.Parse("logs/*\na/b"));

        Assert.True(context.IsDirectory("logs"));
        Assert.Empty(context.FilesUnder("logs"));
        Assert.False(context.IsDirectory("a/b"));
        Assert.True(context.IsDirectory("a"));
    }

    [Fact]
    public void A_folder_excluded_but_entered_for_an_exception_exists_only_when_a_file_comes_back()
    {
        var kept = BuildContext.Create(Files, DockerIgnore.Parse("logs\n!logs/deep/important.log"));
        var none = BuildContext.Create(Files, DockerIgnore.Parse("logs\n!logs/deep/missing.log"));

        Assert.True(kept.IsDirectory("logs/deep"));
        Assert.False(none.IsDirectory("logs"));
        Assert.False(none.IsDirectory("logs/deep"));
    }

    [Fact]
    public void A_dockerfile_in_an_excluded_folder_leaves_that_folder_behind_empty()
    {
        var context = BuildContext.Create(["build/Dockerfile", "build/other.txt", "src/a.c"], DockerIgnore.Parse("build"), "build/Dockerfile");

        Assert.Equal(["src/a.c"], context.Files);
        Assert.True(context.IsDirectory("build"));
    }
}

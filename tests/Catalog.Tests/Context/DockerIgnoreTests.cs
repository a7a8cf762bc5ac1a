using Platform.Catalog.Context;

namespace Platform.Catalog.Tests.Context;

public sealed class DockerIgnoreTests
{
    /// <summary>Every example of Docker's documentation of .dockerignore, then tricky cases of moby/patternmatcher.</summary>
    public static TheoryData<string, string, bool> Cases => new()
    {
        // The documented example file: comments, */temp*, */*/temp*, temp?
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "somedir/temporary.txt", true },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "somedir/temp", true },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "somedir/subdir/temporary.txt", true },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "tempa", true },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "tempb", true },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "temp", false },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "temporary.txt", false },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "a/b/c/temp.txt", false },
        { "# comment\n*/temp*\n*/*/temp*\ntemp?", "# comment", false },
        // **/*.go excludes .go files anywhere
        { "**/*.go", "main.go", true },
        { "**/*.go", "cmd/app/main.go", true },
        { "**/*.go", "main.go.txt", false },
        // *.md with the README exception: only files right under the context
        { "*.md\n!README.md", "CHANGELOG.md", true },
        { "*.md\n!README.md", "README.md", false },
        { "*.md\n!README.md", "docs/guide.md", false },
        // the last matching line wins
        { "*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true },
        { "*.md\n!README*.md\nREADME-secret.md", "README-public.md", false },
        { "*.md\n!README*.md\nREADME-secret.md", "other.md", true },
        { "*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false },
        { "*.md\nREADME-secret.md\n!README*.md", "README.md", false },
        // a leading / and the context root: /foo/bar and foo/bar are the same
        { "/foo/bar", "foo/bar", true },
        { "foo/bar", "foo/bar", true },
        { "/foo/bar", "x/foo/bar", false },
        // include only what you list: * then exceptions
        { "*\n!src\n!package.json", "src/index.js", false },
        { "*\n!src\n!package.json", "package.json", false },
        { "*\n!src\n!package.json", "node_modules/x/index.js", true },
        // comments only in the first column; whitespace trimmed
        { " # not a comment", "# not a comment", true },
        { "  build  \n\n\t\n", "build/out.o", true },
        { "#build", "build", false },
        // cleaning: ./a, a//b, a/../b, trailing slash
        { "./secrets", "secrets/key", true },
        { "a//b", "a/b", true },
        { "a/../b", "b", true },
        { "logs/", "logs/today.log", true },
        { "!./keep\n*", "keep", true },
        // parent folders: a pattern that matches a folder matches what is under it
        { "vendor", "vendor/lib/deep/file.c", true },
        { "*/node_modules", "app/node_modules/x/y.js", true },
        { "vendor", "src/vendor/file.c", false },
        // exceptions re-include under an excluded folder (this matcher; see BuildContextTests for what the CLI sends)
        { "docs\n!docs/keep.md", "docs/keep.md", false },
        { "docs\n!docs/keep.md", "docs/other.md", true },
        // **: any number of folders, at the start, in the middle, at the end
        { "**/temp", "temp", true },
        { "**/temp", "a/b/temp/x", true },
        { "a/**/z", "a/z", true },
        { "a/**/z", "a/b/c/z", true },
        { "a/**/z", "ab/z", false },
        { "a/**", "a/b/c", true },
        { "a/**", "a", false },
        { "**", "anything/at/all", true },
        // literal but for a leading ** is a plain suffix, as in patternmatcher
        { "**.txt", "a/b.txt", true },
        { "**foo", "dir/barfoo", true },
        // *, ? and classes stop at '/'
        { "*", "a/b", true },
        { "a*", "a/b", true },
        { "a*b", "a/b", false },
        { "a?b", "a/b", false },
        { "a?b", "axb", true },
        { "[a-c]?.txt", "b1.txt", true },
        { "[a-c]?.txt", "d1.txt", false },
        { "[^a-c]?.txt", "d1.txt", true },
        { "[!a]x", "!x", true },
        // escapes, and characters that mean something in a regular expression
        { "\\*.txt", "*.txt", true },
        { "\\*.txt", "a.txt", false },
        { "file(1).txt", "file(1).txt", true },
        { "a+b.txt", "a+b.txt", true },
        { "a.txt", "abtxt", false },
        { "{a,b}", "a", false },
        { "$HOME", "$HOME", true },
        // .dockerignore and Dockerfile are patterns like any other here
        { ".dockerignore\nDockerfile", "Dockerfile", true },
        // classes and escapes are read as Go's regexp reads what patternmatcher makes of them
        { "x[[:digit:]]", "x1", true },
        { "x[[:digit:]]", "xa", false },
        { "x[[:^digit:]]", "xa", true },
        { "y[*]", "y^]", true },
        { "y[*]", "y*", false },
        { "y[?]", "y/]", true },
        { "z\\d", "z5", true },
        { "z\\d", "zd", false },
        { "a\\x41", "aA", true },
        { "[\\w]x", "_x", true },
        { "v[^a]", "va", false },
        { "v[^a]", "vb", true },
        { "a^b", "a^b", true },
        { "a^b*", "a^bc", false },
        { "q?", "q😀", true },
        { "q?", "q😀😀", false },
        { "**/**/**/**/deep", "x/deep", true },
        // the root itself is never excluded
        { "*", ".", false },
        { ".", "a", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_paths_as_docker_does(string dockerignore, string path, bool excluded)
    {
        var ignore = DockerIgnore.Parse(dockerignore);

        Assert.Empty(ignore.Problems);
        Assert.True(excluded == ignore.IsExcluded(path),
            $".dockerignore {dockerignore.Replace("\n", " | ", StringComparison.Ordinal)}: expected '{path}' to be {(excluded ? "excluded" : "kept")}");
    }

    [Fact]
    public void Patterns_are_cleaned_and_keep_their_line()
    {
        var ignore = DockerIgnore.Parse("\uFEFF# header\r\n/a/./b//\r\n\r\n! /c/../d\r\n");

        Assert.Equal(["a/b", "!d"], ignore.Patterns.Select(p => p.ToString()));
        Assert.Equal([2, 4], ignore.Patterns.Select(p => p.Line));
    }

    [Theory]
    [InlineData("ok\n!\n", 2, "illegal exclusion pattern")]
    [InlineData("[a-\n", 1, "syntax error in pattern")]
    [InlineData("ok\nfile[\n", 2, "syntax error in pattern")]
    [InlineData("a\\q*\n", 1, "syntax error in pattern (invalid escape sequence: `\\q`)")]
    [InlineData("ok\n[z-a]\n", 2, "syntax error in pattern (invalid character class range: `z-a`)")]
    [InlineData("!src/[z-a]*.c\n", 1, "syntax error in pattern (invalid character class range: `z-a`)")]
    [InlineData("[\n", 1, "syntax error in pattern (a '[' class is not closed by ']')")]
    [InlineData("a/b\\\n", 1, "syntax error in pattern (a '\\' at the end of the pattern escapes nothing)")]
    [InlineData("[[:alpha:]\n", 1, "syntax error in pattern (missing closing ]: `[[:alpha:]$`)")]
    [InlineData("x[[:letters:]]\n", 1, "syntax error in pattern (invalid character class range: `[:letters:]`)")]
    [InlineData("a\\1\n", 1, "syntax error in pattern (invalid escape sequence: `\\1`)")]
    [InlineData("a\\xZ\n", 1, "syntax error in pattern (invalid escape sequence: `\\xZ$`)")]
    public void A_line_docker_refuses_is_a_problem_with_its_line(string dockerignore, int line, string message)
    {
        var problem = Assert.Single(DockerIgnore.Parse(dockerignore, ".dockerignore", "images/api").Problems);

        Assert.Equal((".dockerignore", line, "images/api"), (problem.File, problem.Line, problem.Image));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_line_is_a_problem_and_the_good_lines_still_apply()
    {
        var ignore = DockerIgnore.Parse("*.tmp\n[z-a]\nbuild\n[\n", ".dockerignore", "images/api");

        Assert.Equal([2, 4], ignore.Problems.Select(p => p.Line));
        Assert.True(ignore.IsExcluded("x.tmp") && ignore.IsExcluded("build/out") && !ignore.IsExcluded("src/main.c"));
    }

    [Fact]
    public void Matching_takes_linear_time_on_patterns_that_make_a_backtracking_matcher_blow_up()
    {
        var longName = new string('a', 20_000);
        var deep = string.Join('/', Enumerable.Repeat("a", 500));
        var ignore = DockerIgnore.Parse(string.Join('\n',
            "a*a*a*a*a*a*a*a*a*a*a*a*b",
            string.Concat(Enumerable.Repeat("**/", 60)) + "b",
            string.Concat(Enumerable.Repeat("**/a", 30)) + "/b",
            "*?*?*?*?*?*?*?*?*?*?*?*?b"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Empty(ignore.Problems);
        Assert.False(ignore.IsExcluded(longName));
        Assert.False(ignore.IsExcluded(deep));
        Assert.True(ignore.IsExcluded(deep + "/b"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"matching took {watch.Elapsed}");
    }

    [Fact]
    public void No_file_excludes_nothing()
    {
        Assert.False(DockerIgnore.Parse(null).IsExcluded("anything"));
        Assert.False(DockerIgnore.None.IsExcluded("anything"));
    }
}

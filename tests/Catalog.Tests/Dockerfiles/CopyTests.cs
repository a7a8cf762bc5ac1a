using Platform.Catalog.Dockerfiles;
using static Platform.Catalog.Tests.Dockerfiles.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class CopyTests
{
    [Fact]
    public void Copy_records_its_flags_sources_destination_and_line()
    {
        var copy = SingleCopy("FROM alpine\n\nCOPY --chown=app:app --chmod=0644 --link --parents --exclude=*.tmp --exclude='**/test' src/ *.json /app/\n");

        Assert.Equal(CopyKind.Copy, copy.Kind);
        Assert.Equal(3, copy.Line);
        Assert.Equal(new CopyOrigin.Context(), copy.Origin);
        Assert.Equal(["src/", "*.json"], copy.SourceTexts());
        Assert.Equal("/app/", copy.Destination);
        Assert.Equal(("app:app", "0644", true, true), (copy.Chown, copy.Chmod, copy.Link, copy.Parents));
        Assert.Equal(["*.tmp", "**/test"], copy.Excludes);
        Assert.False(copy.IsJsonForm);
    }

    [Fact]
    public void The_json_form_keeps_spaces_in_sources()
    {
        var copy = SingleCopy("FROM alpine\nCOPY --link=false [\"my file.txt\", \"dir/\", \"/dst dir/\"]\n");

        Assert.True(copy.IsJsonForm);
        Assert.False(copy.Link);
        Assert.Equal(["my file.txt", "dir/"], copy.SourceTexts());
        Assert.Equal("/dst dir/", copy.Destination);
    }

    [Theory]
    [InlineData("https://example.com/a.tar.gz", CopySourceKind.Url)]
    [InlineData("http://example.com/file", CopySourceKind.Url)]
    [InlineData("https://github.com/moby/buildkit.git#v0.10.1", CopySourceKind.Git)]
    [InlineData("git@github.com:moby/buildkit.git", CopySourceKind.Git)]
    [InlineData("local.tar.gz", CopySourceKind.Path)]
    public void Add_sources_are_paths_of_the_context_or_remote(string source, CopySourceKind kind)
    {
        var copy = SingleCopy($"FROM alpine\nADD --checksum=sha256:abc --keep-git-dir {source} /dst/\n");

        Assert.Equal(kind, Assert.Single(copy.Sources).Kind);
        Assert.Equal(kind == CopySourceKind.Path, copy.ContextSources.Any());
    }

    [Fact]
    public void Sources_of_a_copy_from_another_stage_are_not_context_sources()
    {
        var copy = Valid("FROM alpine AS a\nFROM alpine\nCOPY --from=a /bin/app /app\n").Copies.Single();

        Assert.Equal(["/bin/app"], copy.SourceTexts());
        Assert.Empty(copy.ContextSources);
    }

    [Theory]
    [InlineData("COPY", "requires at least two arguments")]
    [InlineData("COPY onlyone", "requires at least two arguments")]
    [InlineData("ADD [\"onlyone\"]", "requires at least two arguments")]
    [InlineData("COPY [\"a\", /dst]", "not valid JSON")]
    [InlineData("COPY [\"a\" \"/dst\"]", "not valid JSON")]
    [InlineData("COPY [1, \"/dst\"]", "arrays must be comprised of strings only")]
    [InlineData("COPY https://example.com/a /dst", "source can't be a URL for COPY")]
    [InlineData("COPY --form=a b /c", "unknown flag --form")]
    [InlineData("ADD --from=a b /c", "unknown flag --from")]
    [InlineData("COPY --chown a /c", "missing a value on flag --chown")]
    [InlineData("COPY --link=maybe a /c", "expecting boolean value")]
    [InlineData("COPY --chown=a --chown=b a /c", "duplicate flag")]
    [InlineData("COPY \"unterminated /c", "matching double-quote")]
    [InlineData("COPY ${X a /c", "bad substitution")]
    [InlineData("COPY ${X/a/b} /c", "unsupported modifier")]
    public void A_copy_or_add_that_docker_refuses_is_a_problem_with_its_line(string instruction, string message)
    {
        var problem = Assert.Single(Lines("FROM alpine", "", instruction).Problems);

        Assert.Equal(3, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glob_class_at_the_start_of_a_source_is_not_taken_for_json()
    {
        var copy = SingleCopy("FROM alpine\nCOPY [ab]*.txt /dst/\n");

        Assert.Equal(["[ab]*.txt"], copy.SourceTexts());
    }
}

using static Platform.Catalog.Tests.Dockerfiles.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class LineTests
{
    [Fact]
    public void Reads_the_syntax_directive_at_the_top()
    {
        var dockerfile = Valid("# syntax=docker/dockerfile:1.7\nFROM alpine\n");

        Assert.Equal("docker/dockerfile:1.7", dockerfile.Syntax);
        Assert.Equal('\\', dockerfile.Escape);
    }

    [Fact]
    public void A_backtick_escape_directive_makes_the_backtick_continue_lines()
    {
        var copy = SingleCopy("# escape=`\nFROM mcr.microsoft.com/windows\nCOPY src\\app `\n    more /dst/\n");

        Assert.Equal('`', Valid("# escape=`\nFROM x\n").Escape);
        Assert.Equal(["src\\app", "more"], copy.SourceTexts());
        Assert.Equal("/dst/", copy.Destination);
    }

    [Theory]
    [InlineData("# comment\n# escape=`\nFROM a\nCOPY a`\nb /c/\n")]
    [InlineData("\n# escape=`\nFROM a\nCOPY a`\nb /c/\n")]
    [InlineData("FROM a\n# escape=`\nCOPY a`\nb /c/\n")]
    public void A_directive_after_a_comment_a_blank_line_or_an_instruction_is_only_a_comment(string text)
    {
        var dockerfile = Read(text);

        Assert.Equal('\\', dockerfile.Escape);
        Assert.Contains(dockerfile.Problems, p => p.Message.Contains("unknown instruction: B", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("# escape=`\n# escape=\\\nFROM a\n", 2, "only one escape parser directive")]
    [InlineData("# syntax=a\n# SYNTAX=b\nFROM a\n", 2, "only one syntax parser directive")]
    [InlineData("# escape=x\nFROM a\n", 1, "invalid escape token 'x'")]
    public void Repeated_or_invalid_directives_are_problems_with_their_line(string text, int line, string message)
    {
        var problem = Assert.Single(Read(text).Problems);

        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_and_empty_lines_inside_a_continued_instruction_are_skipped()
    {
        var dockerfile = Valid(string.Join('\n',
            "FROM alpine",
            "COPY one \\",
            "# a comment in the middle",
            "    # an indented comment",
            "    two \\",
            "",
            "   ",
            "    three /dst/",
            "COPY four /dst/"));

        var copies = dockerfile.Copies.ToList();
        Assert.Equal(["one", "two", "three"], copies[0].SourceTexts());
        Assert.Equal(2, copies[0].Line);
        Assert.Equal(9, copies[1].Line);
    }

    [Fact]
    public void Windows_line_endings_a_byte_order_mark_and_indented_comments_are_read()
    {
        var dockerfile = Valid("\uFEFF# syntax=x\r\nFROM alpine\r\n   # indented comment\r\nCOPY a \\\r\n  b /c/\r\n");

        Assert.Equal("x", dockerfile.Syntax);
        Assert.Equal(["a", "b"], Assert.Single(dockerfile.Copies).SourceTexts());
    }

    [Fact]
    public void An_escaped_escape_character_at_the_end_does_not_continue_the_line()
    {
        var dockerfile = Valid("FROM alpine\nRUN echo \\\\\nCOPY a /b/\n");

        Assert.Equal(3, Assert.Single(dockerfile.Copies).Line);
    }

    [Fact]
    public void A_continuation_on_the_last_line_ends_the_instruction()
    {
        var copy = SingleCopy("FROM alpine\nCOPY a b \\");

        Assert.Equal(["a"], copy.SourceTexts());
        Assert.Equal("b", copy.Destination);
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        var dockerfile = Valid("from alpine As Build\ncopy a /b/\nFrom build\nAdd c /d/\n");

        Assert.Equal(2, dockerfile.Copies.Count());
        Assert.Equal("build", dockerfile.Stages[0].Name);
    }
}

using Platform.Catalog.Dockerfiles;
using static Platform.Catalog.Tests.Dockerfiles.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class HeredocTests
{
    [Fact]
    public void A_run_heredoc_is_skipped_and_the_next_instruction_keeps_its_line()
    {
        var dockerfile = Valid(string.Join('\n', "FROM alpine", "RUN <<EOF", "COPY not-an-instruction /x", "EOF", "COPY real /dst/"));

        var copy = Assert.Single(dockerfile.Copies);
        Assert.Equal(["real"], copy.SourceTexts());
        Assert.Equal(5, copy.Line);
    }

    [Fact]
    public void A_copy_heredoc_is_an_inline_source_with_its_content()
    {
        var copy = SingleCopy("FROM alpine\nCOPY <<EOF /etc/app.conf\nname=$NAME\nport=80\nEOF\n");

        var source = Assert.Single(copy.Sources);
        Assert.Equal(new CopySource("EOF", CopySourceKind.Heredoc, "name=$NAME\nport=80\n"), source);
        Assert.Empty(copy.ContextSources);
        Assert.Equal("/etc/app.conf", copy.Destination);
    }

    [Fact]
    public void A_dash_heredoc_strips_leading_tabs_from_its_lines_and_terminator()
    {
        var dockerfile = Valid("FROM alpine\nCOPY <<-END /x\n\tindented\n\t\ttwice\n\tEND\nCOPY y /z\n");

        var copies = dockerfile.Copies.ToList();
        Assert.Equal("indented\ntwice\n", copies[0].Sources[0].Content);
        Assert.Equal(6, copies[1].Line);
    }

    [Theory]
    [InlineData("<<\"EOF\"", false)]
    [InlineData("<<'EOF'", false)]
    [InlineData("<<EOF", true)]
    public void A_quoted_heredoc_word_is_not_expanded(string marker, bool expand)
    {
        var lines = DockerfileLines.Read($"FROM alpine\nRUN cat {marker} > /x\n$HOME\nEOF\n");

        var heredoc = Assert.Single(lines.Instructions[1].Heredocs);
        Assert.Equal(new Heredoc("EOF", "$HOME\n", expand, false), heredoc);
    }

    [Fact]
    public void Several_heredocs_on_one_line_are_read_in_order()
    {
        var dockerfile = Valid(string.Join('\n', "FROM alpine", "COPY <<A <<B /dst/", "first", "A", "second", "B", "COPY file /dst/"));

        var copies = dockerfile.Copies.ToList();
        Assert.Equal([("A", "first\n"), ("B", "second\n")], copies[0].Sources.Select(s => (s.Text, s.Content!)));
        Assert.Equal(7, copies[1].Line);
    }

    [Fact]
    public void An_unterminated_heredoc_is_a_problem_at_its_instruction()
    {
        var problem = Assert.Single(Lines("FROM alpine", "RUN <<EOF", "echo hi", "EOFX").Problems);

        Assert.Equal(2, problem.Line);
        Assert.Contains("unterminated heredoc", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RUN [\"sh\", \"-c\", \"cat <<EOF\"]")]
    [InlineData("CMD cat <<EOF")]
    [InlineData("RUN cat <<<EOF")]
    public void Heredocs_open_only_in_the_shell_form_of_run_copy_and_add(string instruction)
    {
        var dockerfile = Valid($"FROM alpine\n{instruction}\nCOPY a /b/\n");

        Assert.Equal(3, Assert.Single(dockerfile.Copies).Line);
    }

    [Fact]
    public void A_heredoc_as_destination_is_a_problem()
    {
        var problem = Assert.Single(Lines("FROM alpine", "COPY a <<EOF", "x", "EOF").Problems);

        Assert.Contains("heredoc as a destination", problem.Message, StringComparison.Ordinal);
    }
}

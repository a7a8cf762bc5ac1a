using Platform.Catalog.Dockerfiles;
using static Platform.Catalog.Tests.Dockerfiles.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class ProblemTests
{
    [Theory]
    [InlineData("FROM alpine\nFORM x\n", 2, "unknown instruction: FORM")]
    [InlineData("RUN echo\nFROM alpine\n", 1, "RUN comes before the first FROM")]
    [InlineData("", null, "no instructions")]
    [InlineData("# only a comment\n\n", null, "no instructions")]
    [InlineData("ARG A=1\n", null, "has no FROM")]
    [InlineData("FROM alpine\nENV NAME\n", 2, "ENV must have two arguments")]
    [InlineData("FROM alpine\nENV A=1 B\n", 2, "can't find = in 'B'")]
    [InlineData("FROM alpine\nARG =x\n", 2, "no name before '='")]
    public void Text_docker_refuses_is_a_problem_with_its_line(string text, int? line, string message)
    {
        var problem = Assert.Single(Read(text).Problems);

        Assert.Equal(line, problem.Line);
        Assert.Equal("Dockerfile", problem.File);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_name_the_file_and_image_they_are_given()
    {
        var dockerfile = DockerfileReader.Read("FROM\n", new Dictionary<string, string>(), "images/api/Dockerfile", "images/api");

        Assert.Equal("images/api/Dockerfile:1: FROM: FROM needs an image (FROM <image> [AS <name>])", Assert.Single(dockerfile.Problems).ToString());
        Assert.Equal("images/api", dockerfile.Problems[0].Image);
    }

    [Fact]
    public void Every_problem_of_the_file_is_reported_not_only_the_first()
    {
        var dockerfile = Lines("FROM alpine", "COPY one", "BOGUS", "COPY --from=9 a /b");

        Assert.Equal([2, 3, 4], dockerfile.Problems.Select(p => p.Line));
    }

    [Theory]
    [InlineData("\\")]
    [InlineData("FROM a\\")]
    [InlineData("FROM a\nCOPY \\\n\\\n")]
    [InlineData("FROM a\nCOPY <<")]
    [InlineData("FROM a\nCOPY <<EOF <<EOF /x\nEOF\n")]
    [InlineData("FROM a\nCOPY ${:-} /x")]
    [InlineData("FROM a\nCOPY $ /x")]
    [InlineData("FROM a\nCOPY ${A:- /x")]
    [InlineData("FROM a\nCOPY --=x /x /y")]
    [InlineData("FROM a\nCOPY -- /x /y")]
    [InlineData("FROM a\nONBUILD")]
    [InlineData("FROM a\nCOPY [] /y")]
    [InlineData("FROM a\nCOPY [\"a\",\"b\"")]
    [InlineData("# escape=`\nFROM a`")]
    [InlineData("FROM a AS b AS c")]
    public void Odd_input_never_throws(string text)
    {
        var exception = Record.Exception(() => Read(text));

        Assert.Null(exception);
    }
}

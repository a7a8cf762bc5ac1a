using Platform.Catalog.Dockerfiles;
using static Platform.Catalog.Tests.Dockerfiles.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class StageTests
{
    [Fact]
    public void Stages_have_an_index_a_lowercase_name_a_base_a_platform_and_a_line()
    {
        var dockerfile = Valid(string.Join('\n',
            "ARG PLATFORM=linux/amd64",
            "FROM --platform=$PLATFORM golang:1.22 As Build",
            "FROM scratch",
            "FROM BUILD AS final"));

        Assert.Equal(
            [
                new BuildStage(0, "build", "golang:1.22", new StageBase.Image("golang:1.22"), "$PLATFORM", 2, []),
                new BuildStage(1, null, "scratch", new StageBase.Scratch(), null, 3, []),
                new BuildStage(2, "final", "BUILD", new StageBase.Stage(0), null, 4, []),
            ],
            dockerfile.Stages.Select(s => s with { Copies = [] }));
    }

    public static TheoryData<string, CopyOrigin> FromFlags => new()
    {
        { "--from=build", new CopyOrigin.Stage(0) },
        { "--from=BUILD", new CopyOrigin.Stage(0) },
        { "--from=1", new CopyOrigin.Stage(1) },
        { "--from=0", new CopyOrigin.Stage(0) },
        { "--from=alpine:3.20", new CopyOrigin.Image("alpine:3.20") },
        { "--from=$TOOLS", new CopyOrigin.Image("tools:1") },
        { "--from=", new CopyOrigin.Context() },
        { "", new CopyOrigin.Context() },
    };

    [Theory]
    [MemberData(nameof(FromFlags))]
    public void Copy_from_names_an_earlier_stage_by_name_or_index_or_else_an_image(string flag, CopyOrigin expected)
    {
        var dockerfile = Valid($"FROM alpine AS build\nFROM alpine\nFROM alpine\nARG TOOLS=tools:1\nCOPY {flag} /src /dst\n");

        Assert.Equal(expected, Assert.Single(dockerfile.Copies).Origin);
    }

    [Theory]
    [InlineData("--from=2", "invalid stage index 2")]
    [InlineData("--from=7", "invalid stage index 7")]
    [InlineData("--from=current", "names the stage it is in")]
    [InlineData("--from=later", "declared later at line 5")]
    public void Copy_from_a_stage_that_does_not_come_before_is_a_problem(string flag, string message)
    {
        var problem = Assert.Single(Lines("FROM alpine AS first", "FROM alpine AS second", $"FROM alpine AS current\nCOPY {flag} /a /b", "FROM alpine AS later").Problems);

        Assert.Equal(4, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_stage_cannot_copy_from_an_index()
    {
        var problem = Assert.Single(Lines("FROM alpine", "COPY --from=0 /a /b").Problems);

        Assert.Contains("no stage before this one", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FROM", "FROM needs an image")]
    [InlineData("FROM --platform=linux/amd64", "FROM needs an image")]
    [InlineData("FROM a b", "one or three arguments")]
    [InlineData("FROM a AS", "one or three arguments")]
    [InlineData("FROM a FOR b", "one or three arguments")]
    [InlineData("FROM a AS 1st", "invalid name for build stage")]
    [InlineData("FROM $EMPTY", "should not be blank")]
    [InlineData("FROM --plat=x a", "unknown flag --plat")]
    public void A_from_that_docker_refuses_is_a_problem_with_its_line(string from, string message)
    {
        var problem = Assert.Single(Lines("# a comment", from).Problems, p => p.Line == 2);

        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_name_used_twice_is_a_problem()
    {
        var problem = Assert.Single(Lines("FROM a AS x", "FROM b AS X").Problems);

        Assert.Equal(2, problem.Line);
        Assert.Contains("duplicate stage name 'x' (also at line 1)", problem.Message, StringComparison.Ordinal);
    }
}

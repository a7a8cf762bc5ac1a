using Platform.Catalog.Dockerfiles;
using static Platform.Catalog.Tests.Dockerfiles.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class ArgTests
{
    public static TheoryData<string, string?, string> Substitutions => new()
    {
        // FROM line, the value of V supplied as a build argument (null: not supplied), expected image
        { "FROM img:$V", null, "img:1.0" },
        { "FROM img:${V}", "2.0", "img:2.0" },
        { "FROM img:${V:-x}", "", "img:x" },
        { "FROM img:${V-x}", "", "img:" },
        { "FROM img:${V:+set}", "", "img:" },
        { "FROM img:${V+set}", "", "img:set" },
        { "FROM img:${V:+set}", "3", "img:set" },
        { "FROM img:${V:-${W}}", "", "img:w" },
        { "FROM \"img\":'$V'", null, "img:$V" },
        { "FROM img:\"$V\"", null, "img:1.0" },
        { "FROM img:\\$V", null, "img:$V" },
        { "FROM $REGISTRY/img:$V", null, "registry.local/img:1.0" },
    };

    [Theory]
    [MemberData(nameof(Substitutions))]
    public void Global_args_are_substituted_in_from(string from, string? supplied, string expected)
    {
        var args = supplied is null ? [] : new[] { ("V", supplied) };
        var dockerfile = Valid($"ARG V=1.0\nARG W=w REGISTRY=registry.local\n{from}\n", args);

        Assert.Equal(new StageBase.Image(expected), dockerfile.Stages[0].Base);
    }

    [Theory]
    [InlineData("FROM img:${V-unset}", "img:unset")]
    [InlineData("FROM img:${V:-unset}", "img:unset")]
    [InlineData("FROM img:${V+set}x", "img:x")]
    public void An_arg_without_default_and_not_supplied_is_unset(string from, string expected)
    {
        var dockerfile = Valid($"ARG V\n{from}\n");

        Assert.Equal(new StageBase.Image(expected), dockerfile.Stages[0].Base);
        Assert.Equal(new GlobalArg("V", null, null, 1), dockerfile.GlobalArgs[0]);
    }

    [Fact]
    public void A_build_arg_that_no_arg_declares_is_not_used()
    {
        var dockerfile = Valid("FROM img:${V:-default}\n", ("V", "supplied"));

        Assert.Equal(new StageBase.Image("img:default"), dockerfile.Stages[0].Base);
    }

    [Fact]
    public void An_arg_default_can_use_earlier_args_and_keeps_its_quotes_out()
    {
        var dockerfile = Valid("ARG A=1\nARG B=\"x-$A\" C='$A'\nFROM img:$B$C\n");

        Assert.Equal(new StageBase.Image("img:x-1$A"), dockerfile.Stages[0].Base);
        Assert.Equal(new GlobalArg("B", "x-1", "x-1", 2), dockerfile.GlobalArgs[1]);
    }

    [Fact]
    public void A_required_variable_that_is_unset_is_a_problem()
    {
        var problem = Assert.Single(Lines("ARG V", "FROM img:${V:?required}").Problems);

        Assert.Equal(2, problem.Line);
        Assert.Contains("V: required", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_sources_use_the_stage_args_and_envs_but_not_undeclared_global_args()
    {
        var dockerfile = Valid(string.Join('\n',
            "ARG DIR=src",
            "FROM alpine AS build",
            "COPY ${DIR:-none} /a/",
            "ARG DIR",
            "COPY $DIR /b/",
            "ENV OUT=out DIR=env-wins",
            "ARG DIR=ignored",
            "COPY $DIR/$OUT /c/",
            "FROM build",
            "COPY ${OUT}/x ${DIR:-no-arg} /d/"), ("UNUSED", "x"));

        var sources = dockerfile.Copies.Select(c => string.Join(' ', c.SourceTexts())).ToList();
        Assert.Equal(["none", "src", "env-wins/out", "out/x env-wins"], sources);
    }

    [Fact]
    public void One_env_line_sees_the_values_from_before_it()
    {
        var copy = Valid("FROM alpine\nENV A=old\nENV A=new B=$A\nCOPY $B /x/\n").Copies.Single();

        Assert.Equal(["old"], copy.SourceTexts());
    }

    [Fact]
    public void The_legacy_env_form_takes_the_rest_of_the_line_as_value()
    {
        var copy = Valid("FROM alpine\nENV DIR my dir\nCOPY [\"$DIR\", \"/x/\"]\n").Copies.Single();

        Assert.Equal(["my dir"], copy.SourceTexts());
    }

    [Fact]
    public void Arg_names_are_every_name_an_arg_declares_globally_or_in_a_stage_once_each()
    {
        var dockerfile = Valid(string.Join('\n',
            "ARG ROOT_IMAGE_VERSION=3.12 REGISTRY",
            "FROM $REGISTRY/python:${ROOT_IMAGE_VERSION}-slim",
            "ARG ROOT_IMAGE_VERSION",
            "RUN echo ROOT_IMAGE is not declared, only mentioned",
            "FROM alpine",
            "ARG TARGET=prod",
            ""));

        Assert.Equal(["ROOT_IMAGE_VERSION", "REGISTRY", "TARGET"], dockerfile.ArgNames);
    }
}

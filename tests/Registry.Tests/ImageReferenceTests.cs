using Platform.Registry;

namespace Platform.Registry.Tests;

/// <summary>References normalized as Docker does (distribution/reference's rules), as the builder and the watcher both read them.</summary>
public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("python:3.12-slim", "docker.io", "library/python", "3.12-slim", null)]
    [InlineData("python", "docker.io", "library/python", "latest", null)]
    [InlineData("library/python:3.12", "docker.io", "library/python", "3.12", null)]
    [InlineData("docker.io/python:3", "docker.io", "library/python", "3", null)]
    [InlineData("index.docker.io/bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", null)]
    [InlineData("bitnami/redis", "docker.io", "bitnami/redis", "latest", null)]
    [InlineData("ghcr.io/org/team/tool:v1.2.3", "ghcr.io", "org/team/tool", "v1.2.3", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("localhost:5000/app:dev", "localhost:5000", "app", "dev", null)]
    [InlineData("127.0.0.1:5000/a/b:tag", "127.0.0.1:5000", "a/b", "tag", null)]
    [InlineData("Registry/app", "Registry", "app", "latest", null)]
    [InlineData("127.0.0.1:5000/a/b:tag@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "127.0.0.1:5000", "a/b", "tag", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io", "library/alpine", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("my-registry.example.com:443/a_b/c.d/e-f__g:1.0_rc-1", "my-registry.example.com:443", "a_b/c.d/e-f__g", "1.0_rc-1", null)]
    public void References_are_normalized_the_way_docker_does(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Python:3", "lowercase")]
    [InlineData("ghcr.io/Org/tool", "lowercase")]
    [InlineData("python:-bad", "invalid tag")]
    [InlineData("python@sha256:abc", "invalid digest")]
    [InlineData("a//b", "invalid repository")]
    [InlineData("-host.example.com/a", "invalid registry host")]
    [InlineData("team/app-:1", "invalid repository")]
    public void Invalid_references_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(ImageReference.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Throws<FormatException>(() => ImageReference.Parse(text));
    }

    [Fact]
    public void A_tag_longer_than_128_characters_is_refused()
    {
        Assert.True(ImageReference.TryParse("python:" + new string('x', 128), out _));
        Assert.False(ImageReference.TryParse("python:" + new string('x', 129), out _, out var error));
        Assert.Contains("invalid tag", error);
    }

    [Fact]
    public void Docker_hub_answers_at_registry_1_and_its_aliases_name_the_same_repository()
    {
        var python = ImageReference.Parse("python:3.12-slim");

        Assert.Equal("registry-1.docker.io", python.ApiHost);
        Assert.Equal("docker.io/library/python:3.12-slim", python.ToString());
        Assert.True(python.IsRepository("registry-1.docker.io", "library/python"));
        Assert.True(python.IsRepository("docker.io", "library/python"));
        Assert.False(python.IsRepository("ghcr.io", "library/python"));
        Assert.Equal("127.0.0.1:5000", ImageReference.Parse("127.0.0.1:5000/a:b").ApiHost);
    }
}

using System.Text.Json;

namespace Platform.PlatformImages.Tests;

/// <summary>The publisher's command line and its file, without a registry.</summary>
public sealed class PublishRequestTests
{
    [Fact]
    public void Reads_each_image_with_its_platforms_and_local_images()
    {
        var request = PublishRequest.Parse([
            "--registry", "127.0.0.1:5000", "--tag", "latest", "--revision", "abc123", "--output", "out.json",
            "--image", "platform/builder", "linux/amd64=r/platform-staging/platform/builder:latest-linux-amd64", "linux/arm64/v8=r/b:arm",
            "--image", "platform/console", "linux/amd64=r/c:amd",
        ]);

        Assert.Equal(["platform/builder", "platform/console"], request.Images.Select(i => i.Repository));
        Assert.Equal(["linux/amd64", "linux/arm64"], request.Images[0].Platforms.Select(p => p.Platform.ToString()));
        Assert.Equal("r/b:arm", request.Images[0].Platforms[1].LocalImage);
    }

    [Theory]
    [InlineData("--tag", "latest", "--revision", "a", "--output", "o", "--image", "platform/builder", "linux/amd64=x")]
    [InlineData("--registry", "r", "--tag", "latest", "--revision", "a", "--output", "o", "--image", "platform/builder")]
    [InlineData("--registry", "r", "--tag", "latest", "--revision", "a", "--output", "o", "--image", "platform/builder", "linux/amd64")]
    [InlineData("--registry", "r", "--tag", "latest", "--revision", "a", "--output", "o", "--bogus")]
    public void Refuses_a_command_line_that_leaves_something_out(params string[] args) =>
        Assert.ThrowsAny<ArgumentException>(() => PublishRequest.Parse(args));

    [Fact]
    public void The_file_names_each_service_without_the_platform_prefix()
    {
        var text = ImagesFile.Write("v1", [("platform/builder", "r/platform/builder@sha256:aa"), ("platform/registry-watcher", "r/platform/registry-watcher@sha256:bb")]);

        using var document = JsonDocument.Parse(text);
        Assert.Equal("v1", document.RootElement.GetProperty("tag").GetString());
        Assert.Equal("r/platform/registry-watcher@sha256:bb", document.RootElement.GetProperty("images").GetProperty("registry-watcher").GetString());
    }
}

using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Testing;

namespace Platform.Engine.Tests;

/// <summary>
/// The engine library against the machine's real Docker engine and a real registry on loopback: pushes and pulls,
/// and what each failure says (the reference, whether it may pass by itself).
/// </summary>
public sealed class ImageTransfersTests : IAsyncLifetime
{
    private const string Root = "platform/root:busybox-amd64";
    private readonly DockerClient docker = new DockerClientConfiguration().CreateClient();
    private readonly RegistryServer registry = new();
    private readonly string repository = $"et{Guid.NewGuid():N}"[..12] + "/app";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task InitializeAsync() => await registry.StartAsync();

    [Fact]
    public async Task A_pushed_tag_returns_the_digest_the_registry_stored_and_pulls_back_by_that_digest()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var local = $"{registry.Host}/{repository}";
        await docker.Images.TagImageAsync(Root, new ImageTagParameters { RepositoryName = local, Tag = "v1" }, cts.Token);

        var digest = await docker.PushAsync(local, "v1", new EngineLog(), cts.Token);
        await docker.Images.DeleteImageAsync($"{local}:v1", new ImageDeleteParameters(), cts.Token);
        await docker.PullAsync(local, digest, new EngineLog(), cts.Token);

        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        var pulled = await docker.Images.InspectImageAsync($"{local}@{digest}", cts.Token);
        Assert.Contains($"{local}@{digest}", pulled.RepoDigests);
        await docker.Images.DeleteImageAsync($"{local}@{digest}", new ImageDeleteParameters { Force = true }, cts.Token);
    }

    [Fact]
    public async Task A_digest_the_registry_does_not_have_fails_naming_the_reference_and_is_not_worth_retrying()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var missing = "sha256:" + new string('0', 64);

        var error = await Assert.ThrowsAsync<EngineException>(() => docker.PullAsync($"{registry.Host}/{repository}", missing, new EngineLog(), cts.Token));

        Assert.Contains($"pulling {registry.Host}/{repository}@{missing} failed", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient, $"a missing manifest is not transient: {error.Message}");
    }

    [Fact]
    public async Task A_registry_that_is_down_fails_the_pull_as_something_that_may_pass_by_itself()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var down = $"127.0.0.1:{FreePort.Next()}";

        var error = await Assert.ThrowsAsync<EngineException>(() => docker.PullAsync($"{down}/{repository}", "v1", new EngineLog(), cts.Token));

        Assert.Contains($"pulling {down}/{repository}:v1 failed", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient, $"an unreachable registry may come back: {error.Message}");
    }

    [Fact]
    public async Task A_container_of_an_image_the_engine_lacks_is_told_apart_from_other_errors()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var missing = await Assert.ThrowsAnyAsync<DockerApiException>(() => docker.Containers.CreateContainerAsync(
            new CreateContainerParameters { Image = $"{registry.Host}/{repository}:never-pulled" }, cts.Token));
        var other = await Assert.ThrowsAnyAsync<DockerApiException>(() => docker.Containers.InspectContainerAsync($"no-such-container-{Guid.NewGuid():N}", cts.Token));

        Assert.True(ImageTransfers.IsImageMissing(missing), $"expected 'No such image' to be recognised: {missing.ResponseBody}");
        Assert.False(ImageTransfers.IsImageMissing(other), $"a missing container is not a missing image: {other.ResponseBody}");
        Assert.DoesNotContain("{\"message\"", ImageTransfers.Message(missing), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        docker.Dispose();
    }
}

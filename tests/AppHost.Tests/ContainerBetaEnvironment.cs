using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.AppHost.Containers;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The cluster rehearsal: the beta environment with <c>Platform:Services=containers</c>, each service a container of Platform's own image
/// (<see cref="PlatformImagesForTests"/>) with its state on a named volume, following the loopback HTTP remote of
/// <see cref="RemoteBetaEnvironment"/>. The images file is this fixture's own (<see cref="UseImageTag"/> rewrites it for an upgrade).
/// The service containers are removed with the AppHost; their volumes, and the images an upgrade test tags, afterwards.
/// </summary>
public sealed class ContainerBetaEnvironment : RemoteBetaEnvironment
{
    private readonly Platform.Testing.TempDirectory files = new("rehearsal-images");
    private readonly DockerClient docker = new DockerClientConfiguration().CreateClient();

    public string ImagesFile => Path.Combine(files.Path, "platform-images.json");

    /// <summary>The tag the containers start from at their next start.</summary>
    public string ImageTag { get; private set; } = "";

    /// <summary>Images tagged by the tests (an upgrade's newer version), removed afterwards.</summary>
    public List<string> TaggedImages { get; } = [];

    protected override async Task<string[]> RepositoryArgumentsAsync()
    {
        UseImageTag(await PlatformImagesForTests.EnsureAsync());
        return [.. await base.RepositoryArgumentsAsync(), "--Platform:Services=containers", $"--Platform:ServiceImages={ImagesFile}"];
    }

    /// <summary>What scripts/platform-images.sh writes, as far as the AppHost reads it: the tag of the images of the next start.</summary>
    public void UseImageTag(string tag)
    {
        File.WriteAllText(ImagesFile, System.Text.Json.JsonSerializer.Serialize(new { tag, images = new Dictionary<string, string>() }));
        ImageTag = tag;
    }

    /// <summary>The services' API token (the AppHost's parameter <c>api-token</c>): the containers, like the pods, ask for it on loopback too.</summary>
    public async Task<string> ApiTokenAsync() =>
        await App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "api-token")
            .GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException("the api-token parameter has no value");

    public string ContainerName(string service) => $"platform-{EnvironmentName}-{service}";

    public async Task<ContainerInspectResponse> InspectServiceAsync(string service) =>
        await docker.Containers.InspectContainerAsync(ContainerName(service));

    public async Task<ImageInspectResponse> InspectImageAsync(string reference) => await docker.Images.InspectImageAsync(reference);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var service in PlatformImagesForTests.Services)
        {
            await IgnoreMissingAsync(() => docker.Containers.RemoveContainerAsync(ContainerName(service), new ContainerRemoveParameters { Force = true }));
            await IgnoreMissingAsync(() => docker.Volumes.RemoveAsync(ContainerName(service), force: true));
        }

        foreach (var image in TaggedImages)
        {
            await IgnoreMissingAsync(() => docker.Images.DeleteImageAsync(image, new ImageDeleteParameters()));
        }

        docker.Dispose();
        files.Dispose();
    }

    private static async Task IgnoreMissingAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException)
        {
        }
    }
}

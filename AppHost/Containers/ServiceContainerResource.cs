namespace Platform.AppHost.Containers;

/// <summary>
/// One of Platform's services run as a container of its image (<c>Platform:Services=containers</c>) by
/// <c>scripts/platform-container.sh</c>, which DCP runs as an executable: see <see cref="ServiceContainerExtensions"/> for why
/// it is not one of Aspire's container resources. Its state is the named volume <see cref="Volume"/>, which outlives the container.
/// </summary>
/// <param name="Image">The image's repository, <c>platform/builder</c>; the tag or digest is read at every start.</param>
public sealed class ServiceContainerResource(string name, string scriptsDirectory, string image, string containerName, string volume)
    : ExecutableResource(name, "bash", scriptsDirectory), IResourceWithServiceDiscovery
{
    public string Image { get; } = image;

    /// <summary>The container's name in the engine (unique per environment, so that two environments do not collide).</summary>
    public string ContainerName { get; } = containerName;

    /// <summary>The named volume mounted at <c>/var/lib/platform</c>.</summary>
    public string Volume { get; } = volume;

    /// <summary>More <c>docker run</c> options: the engine's socket, a local repository's mount.</summary>
    public List<string> RunOptions { get; } = [];
}

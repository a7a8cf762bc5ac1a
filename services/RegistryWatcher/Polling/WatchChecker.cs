using Platform.Registry;
using Platform.RegistryWatcher.Watches;

namespace Platform.RegistryWatcher.Polling;

/// <summary>
/// Asks a watch's registry where its tag points: one HEAD for a watch that follows one tag; the tag list
/// and one HEAD of the winner for a semver or regex watch.
/// </summary>
public sealed class WatchChecker(RegistryClient client, RegistryEndpoints endpoints)
{
    /// <summary>The winning tag and its digest; a <see cref="RegistryException"/> that names the registry and image when there is none.</summary>
    public async Task<(string Tag, string Digest)> CheckAsync(Watch watch, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(watch.Key.Registry);
        var tag = watch.Policy.FixedTag;
        if (tag is null)
        {
            var tags = await client.ListTagsAsync(endpoint.BaseUri, watch.Key.Image, cancellationToken);
            tag = watch.Policy.Select(tags)
                ?? throw new RegistryException($"registry {endpoint.Host} has no tag of {watch.Key.Image} that {watch.Policy.Key} accepts (of {tags.Count} tag(s))");
        }

        var digest = await HeadAsync(watch.Key.Registry, watch.Key.Image, tag, cancellationToken)
            ?? throw new RegistryException($"registry {endpoint.Host} does not have {watch.Key.Image}:{tag} (yet)", 404);
        return (tag, digest);
    }

    /// <summary>One HEAD of a tag in a registry (null: the platform registry).</summary>
    public Task<string?> HeadAsync(string? registry, string repository, string tag, CancellationToken cancellationToken) =>
        client.GetDigestAsync(EndpointOf(registry).BaseUri, repository, tag, cancellationToken);

    private RegistryEndpoint EndpointOf(string? registry) =>
        registry is null ? new RegistryEndpoint(endpoints.Platform.BaseUri, endpoints.Platform.Host) : endpoints.Resolve(registry);
}

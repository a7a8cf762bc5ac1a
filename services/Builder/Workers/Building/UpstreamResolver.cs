using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Contracts;
using Platform.Registry;

namespace Platform.Builder.Workers.Building;

/// <summary>
/// Turns an upstream image's digest (often a multi-platform index) into the manifest for one platform,
/// through the registry client (credentials, mirrors, rate limits), so that each platform is built from
/// exactly what the watcher saw and never from another platform's pull of the same index.
/// </summary>
public sealed class UpstreamResolver(RegistryClient client, RegistryEndpoints endpoints)
{
    private readonly ConcurrentDictionary<(string, string), Manifest?> manifests = new();

    /// <returns>The reference pinned for that platform (registry/repository@digest), or null when the index has no such platform.</returns>
    public async Task<string?> PinAsync(string reference, string digest, TargetPlatform platform, CancellationToken cancellationToken)
    {
        var parsed = ImageReference.Parse(reference);
        var endpoint = endpoints.Resolve(parsed.Registry);
        var manifest = manifests.GetValueOrDefault((parsed.Name, digest))
            ?? await client.GetManifestAsync(endpoint.BaseUri, parsed.Repository, digest, cancellationToken)
            ?? throw new BuildFailure(BuildFailureStage.Base, $"upstream image {reference}@{digest} is not in {endpoint.Host} any more", []);
        manifests[(parsed.Name, digest)] = manifest;
        if (manifest.MediaType is not (ManifestMediaTypes.OciIndex or ManifestMediaTypes.DockerManifestList))
        {
            return $"{parsed.Registry}/{parsed.Repository}@{digest}";
        }

        using var index = JsonDocument.Parse(manifest.Content);
        var match = index.RootElement.GetProperty("manifests").EnumerateArray().FirstOrDefault(m =>
            m.TryGetProperty("platform", out var p)
            && platform.Matches(p.GetProperty("os").GetString(), p.GetProperty("architecture").GetString(), p.TryGetProperty("variant", out var v) ? v.GetString() : null));
        return match.ValueKind == JsonValueKind.Object ? $"{parsed.Registry}/{parsed.Repository}@{match.GetProperty("digest").GetString()}" : null;
    }
}

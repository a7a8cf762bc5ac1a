namespace Platform.Registry;

/// <summary>
/// Manifest media types a client must accept: without them a registry may convert to schema 1
/// (another digest) or answer 404 for an index tag.
/// </summary>
public static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static IReadOnlyList<string> All { get; } = [OciIndex, OciManifest, DockerManifestList, DockerManifest];
}

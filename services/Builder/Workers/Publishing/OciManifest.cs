using System.Text.Json.Nodes;
using Platform.Registry;

namespace Platform.Builder.Workers.Publishing;

/// <summary>
/// The engine pushes Docker v2 manifests; an OCI index should list OCI manifests, so that every client
/// (docker, skopeo, crane, containerd) reads one family of media types throughout. The blobs are the same
/// bytes in both families (gzip'ed tar layers, the same config JSON): only the manifest is written again.
/// </summary>
public static class OciManifest
{
    public const string Config = "application/vnd.oci.image.config.v1+json";
    public const string GzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string TarLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string ForeignLayer = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    private static readonly Dictionary<string, string> Layers = new(StringComparer.Ordinal)
    {
        ["application/vnd.docker.image.rootfs.diff.tar.gzip"] = GzipLayer,
        ["application/vnd.docker.image.rootfs.diff.tar"] = TarLayer,
        ["application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"] = ForeignLayer,
    };

    /// <summary>The manifest as an OCI image manifest; one that is OCI already comes back as it is.</summary>
    public static (byte[] Content, string MediaType) From(Manifest manifest)
    {
        if (manifest.MediaType == ManifestMediaTypes.OciManifest)
        {
            return (manifest.Content, manifest.MediaType);
        }

        if (manifest.MediaType != ManifestMediaTypes.DockerManifest)
        {
            throw new RegistryException($"the engine pushed a manifest of type {manifest.MediaType}, which is neither a Docker v2 nor an OCI image manifest");
        }

        var json = JsonNode.Parse(manifest.Content)!.AsObject();
        json["mediaType"] = ManifestMediaTypes.OciManifest;
        json["config"]!["mediaType"] = Config;
        foreach (var layer in json["layers"]!.AsArray())
        {
            var type = layer!["mediaType"]!.GetValue<string>();
            layer["mediaType"] = Layers.TryGetValue(type, out var oci)
                ? oci
                : throw new RegistryException($"the engine pushed a layer of type {type}, which has no OCI equivalent");
        }

        return (System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), ManifestMediaTypes.OciManifest);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Testing;

/// <summary>
/// Pushes small images straight through a registry's distribution API (blob uploads and a manifest PUT),
/// as a client such as docker push does at its end: the registry stores and announces them like any push.
/// Each image has a layer of its own, so each push is a new digest.
/// </summary>
public sealed class OciPusher(Uri registry) : IDisposable
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private readonly HttpClient http = new() { BaseAddress = registry, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Pushes an image with a fresh layer under <paramref name="tag"/>; returns the manifest's digest and size.</summary>
    public async Task<(string Digest, long Size)> PushImageAsync(string repository, string tag, string architecture = "amd64")
    {
        var layer = Encoding.UTF8.GetBytes($"layer {Guid.NewGuid()}");
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"{{{architecture}}}","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{Digest(layer)}}}"]}}""");
        await UploadBlobAsync(repository, layer);
        await UploadBlobAsync(repository, config);
        var manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{OciManifest}}}",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Digest(config)}}}","size":{{{config.Length}}}},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{{Digest(layer)}}}","size":{{{layer.Length}}}}]}
            """);
        return (await PutManifestAsync(repository, tag, manifest, OciManifest), manifest.Length);
    }

    /// <summary>Pushes an amd64 and an arm64 image by digest, then an OCI index of both under <paramref name="tag"/>; returns the index digest.</summary>
    public async Task<string> PushIndexAsync(string repository, string tag)
    {
        var amd64 = await PushImageAsync(repository, "sha-amd64-" + Guid.NewGuid().ToString("N")[..8], "amd64");
        var arm64 = await PushImageAsync(repository, "sha-arm64-" + Guid.NewGuid().ToString("N")[..8], "arm64");
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{OciIndex}}}","manifests":[
             {"mediaType":"{{{OciManifest}}}","digest":"{{{amd64.Digest}}}","size":{{{amd64.Size}}},"platform":{"architecture":"amd64","os":"linux"}},
             {"mediaType":"{{{OciManifest}}}","digest":"{{{arm64.Digest}}}","size":{{{arm64.Size}}},"platform":{"architecture":"arm64","os":"linux"}}]}
            """);
        return await PutManifestAsync(repository, tag, index, OciIndex);
    }

    /// <summary>
    /// Pushes one image under many tags, each with a manifest of its own (an annotation names the tag), so
    /// every tag has its own digest while the blobs are uploaded once; returns each tag's digest.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> PushTagsAsync(string repository, IReadOnlyList<string> tags, int parallelism = 8)
    {
        var layer = Encoding.UTF8.GetBytes($"layer {Guid.NewGuid()}");
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{Digest(layer)}}}"]}}""");
        await UploadBlobAsync(repository, layer);
        await UploadBlobAsync(repository, config);
        var digests = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (tag, _) =>
        {
            var manifest = Encoding.UTF8.GetBytes($$$"""
                {"schemaVersion":2,"mediaType":"{{{OciManifest}}}",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Digest(config)}}}","size":{{{config.Length}}}},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{{Digest(layer)}}}","size":{{{layer.Length}}}}],
                 "annotations":{"dev.platform.tag":"{{{tag}}}"}}
                """);
            digests[tag] = await PutManifestAsync(repository, tag, manifest, OciManifest);
        });
        return digests;
    }

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task UploadBlobAsync(string repository, byte[] content)
    {
        using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null);
        Expect(start, HttpStatusCode.Accepted, $"starting a blob upload to {repository}");
        var location = start.Headers.Location ?? throw new InvalidOperationException("the registry gave no upload location");
        var upload = new Uri(http.BaseAddress!, location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri(upload + separator + "digest=" + Uri.EscapeDataString(Digest(content))), body);
        Expect(put, HttpStatusCode.Created, $"uploading a blob to {repository}");
    }

    private async Task<string> PutManifestAsync(string repository, string tag, byte[] manifest, string mediaType)
    {
        using var body = new ByteArrayContent(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"v2/{repository}/manifests/{tag}", body);
        Expect(put, HttpStatusCode.Created, $"putting the manifest {repository}:{tag}");
        return Digest(manifest);
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what}: expected {(int)status}, the registry answered {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
        }
    }

    public void Dispose() => http.Dispose();
}

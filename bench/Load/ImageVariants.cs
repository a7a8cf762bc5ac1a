using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Bench.Load;

/// <summary>
/// Makes many distinct images from one pushed image through the registry's API alone: each variant is the
/// same layers (mounted across repositories, never uploaded again) with a config that carries one more
/// label, so each has a digest and an image id of its own. Seconds for a hundred, where docker build and push
/// would take minutes.
/// </summary>
public sealed class ImageVariants(Uri registry) : IDisposable
{
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private readonly HttpClient http = new() { BaseAddress = registry, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Pushes <paramref name="repository"/>:<paramref name="tag"/> as a variant of <paramref name="source"/> (repository:tag) with the label <paramref name="variant"/>; returns its digest.</summary>
    public async Task<string> PushAsync(string source, string repository, string tag, string variant)
    {
        var (sourceRepository, sourceTag) = (source[..source.LastIndexOf(':')], source[(source.LastIndexOf(':') + 1)..]);
        using var get = new HttpRequestMessage(HttpMethod.Get, $"v2/{sourceRepository}/manifests/{sourceTag}");
        get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DockerManifest));
        get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var manifestResponse = await http.SendAsync(get);
        manifestResponse.EnsureSuccessStatusCode();
        var mediaType = manifestResponse.Content.Headers.ContentType?.MediaType ?? DockerManifest;
        var manifest = JsonNode.Parse(await manifestResponse.Content.ReadAsStringAsync())!.AsObject();

        var configDigest = manifest["config"]!["digest"]!.GetValue<string>();
        var config = JsonNode.Parse(await http.GetStringAsync($"v2/{sourceRepository}/blobs/{configDigest}"))!.AsObject();
        var labels = config["config"]!["Labels"] as JsonObject ?? [];
        config["config"]!["Labels"] = labels;
        labels["dev.platform.load-variant"] = variant;
        var newConfig = Encoding.UTF8.GetBytes(config.ToJsonString());

        foreach (var layer in manifest["layers"]!.AsArray())
        {
            await MountAsync(layer!["digest"]!.GetValue<string>(), sourceRepository, repository);
        }

        await UploadAsync(repository, newConfig);
        manifest["config"]!["digest"] = Digest(newConfig);
        manifest["config"]!["size"] = newConfig.Length;
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"v2/{repository}/manifests/{tag}", body);
        put.EnsureSuccessStatusCode();
        return Digest(bytes);
    }

    private async Task MountAsync(string digest, string from, string to)
    {
        using var mount = await http.PostAsync($"v2/{to}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}", null);
        if ((int)mount.StatusCode != 201)
        {
            throw new InvalidOperationException($"mounting {digest} from {from} into {to}: the registry answered {(int)mount.StatusCode}");
        }
    }

    private async Task UploadAsync(string repository, byte[] content)
    {
        using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null);
        start.EnsureSuccessStatusCode();
        var upload = new Uri(http.BaseAddress!, start.Headers.Location!);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri(upload + separator + "digest=" + Uri.EscapeDataString(Digest(content))), body);
        put.EnsureSuccessStatusCode();
    }

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public void Dispose() => http.Dispose();
}

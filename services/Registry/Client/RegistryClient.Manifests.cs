using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Platform.Registry;

/// <summary>A manifest or index as the registry stores it: its exact bytes, media type and digest.</summary>
public sealed record Manifest(byte[] Content, string MediaType, string Digest);

/// <summary>The parts of the distribution API a multi-platform push needs: manifests by digest, indexes by tag, cross-repository blob mounts.</summary>
public sealed partial class RegistryClient
{
    public async Task<Manifest?> GetManifestAsync(Uri registry, string repository, string reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ManifestUri(registry, repository, reference));
        foreach (var accepted in ManifestMediaTypes.All)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accepted));
        }

        using var response = await SendAsync(request, registry, $"GET {repository}:{reference}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, registry, $"GET {repository}:{reference}", cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType
            ?? throw new RegistryException($"registry {registry.Authority} answered GET {repository}:{reference} without a content type");
        return new Manifest(content, mediaType, DigestOf(content));
    }

    /// <summary>Stores a manifest or an index under a tag or its digest; returns its digest.</summary>
    public async Task<string> PutManifestAsync(
        Uri registry, string repository, string reference, byte[] content, string mediaType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ManifestUri(registry, repository, reference))
        {
            Content = new ByteArrayContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, registry, $"PUT {repository}:{reference}", cancellationToken);
        await EnsureSuccessAsync(response, registry, $"PUT {repository}:{reference}", cancellationToken);
        var digest = DigestOf(content);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } stored && stored != digest)
        {
            throw new RegistryException($"registry {registry.Authority} stored {repository}:{reference} as {stored}, not {digest}");
        }

        return digest;
    }

    /// <summary>Makes a blob of <paramref name="fromRepository"/> part of <paramref name="repository"/> without copying it; false when the registry would not mount it.</summary>
    public async Task<bool> MountBlobAsync(Uri registry, string repository, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        var uri = new Uri(registry, $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent([]) };
        using var response = await SendAsync(request, registry, $"mount {digest} into {repository}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        await EnsureSuccessAsync(response, registry, $"mount {digest} into {repository}", cancellationToken);
        if (response.Headers.Location is { } upload)
        {
            // 202: the registry started an upload instead; cancel it, nothing was mounted.
            using var cancel = new HttpRequestMessage(HttpMethod.Delete, upload.IsAbsoluteUri ? upload : new Uri(registry, upload));
            using var ignored = await http.SendAsync(cancel, cancellationToken);
        }

        return false;
    }

    /// <summary>Removes a manifest from one repository (best effort: registries may refuse deletes).</summary>
    public async Task<bool> DeleteManifestAsync(Uri registry, string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ManifestUri(registry, repository, digest));
        using var response = await SendAsync(request, registry, $"DELETE {repository}@{digest}", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static Uri ManifestUri(Uri registry, string repository, string reference) =>
        new(registry, $"v2/{repository}/manifests/{(reference.Contains(':') ? reference : Uri.EscapeDataString(reference))}");

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, Uri registry, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new RegistryException(
            $"registry {registry.Authority} answered {(int)response.StatusCode} {response.ReasonPhrase} to {what}: {(body.Length > 300 ? body[..300] : body).Trim()}",
            (int)response.StatusCode);
    }
}

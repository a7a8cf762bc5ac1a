using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Registry;

/// <summary>What a HEAD of a manifest says: its digest, media type and size, without the body.</summary>
public sealed record ManifestHead(string Digest, string? MediaType, long? Size);

/// <summary>
/// The parts of the OCI distribution API that Platform reads. Authentication, retries, rate limits and
/// the plain-http rule are handlers of the HttpClient that <c>AddPlatformRegistry</c> registers; every
/// error is a <see cref="RegistryException"/> that names the registry and the image.
/// </summary>
public sealed partial class RegistryClient(HttpClient http)
{
    public const int DefaultPageSize = 1000;

    /// <summary>The largest page of a tag list read: a thousand tags take some 30 KB; a registry that sends more is broken or hostile.</summary>
    public const int MaxTagListPageBytes = 16 * 1024 * 1024;
    private const int MaxPages = 10_000;

    /// <summary>
    /// The digest a tag points at, by a HEAD request (which costs no pull quota), or null when the
    /// registry does not know the tag.
    /// </summary>
    public async Task<string?> GetDigestAsync(Uri registry, string repository, string tag, CancellationToken cancellationToken) =>
        (await HeadManifestAsync(registry, repository, tag, cancellationToken))?.Digest;

    /// <summary>HEAD of a manifest by tag or digest, accepting OCI and Docker manifests and indexes; null when the registry does not know it.</summary>
    public async Task<ManifestHead?> HeadManifestAsync(Uri registry, string repository, string reference, CancellationToken cancellationToken)
    {
        var what = $"{repository}{(reference.Contains(':', StringComparison.Ordinal) ? "@" : ":")}{reference}";
        var uri = new Uri(registry, $"v2/{repository}/manifests/{Uri.EscapeDataString(reference)}");
        using var request = new HttpRequestMessage(HttpMethod.Head, uri);
        foreach (var mediaType in ManifestMediaTypes.All)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        using var response = await SendAsync(request, registry, what, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(
                $"registry {registry.Authority} answered {(int)response.StatusCode} {response.ReasonPhrase} to HEAD {what}" + RetryHint(response),
                (int)response.StatusCode);
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (contentType is not null && !ManifestMediaTypes.All.Contains(contentType))
        {
            throw new RegistryException(
                $"registry {registry.Authority} answered HEAD {what} with content type {contentType}, which is not an OCI or Docker manifest or index",
                (int)response.StatusCode);
        }

        if (!response.Headers.TryGetValues("Docker-Content-Digest", out var values) || values.FirstOrDefault() is not { } digest)
        {
            throw new RegistryException(
                $"registry {registry.Authority} answered HEAD {what} without a Docker-Content-Digest header",
                (int)response.StatusCode);
        }

        if (!ImageReference.IsDigest(digest))
        {
            throw new RegistryException(
                $"registry {registry.Authority} answered HEAD {what} with a Docker-Content-Digest that is not a digest: " +
                $"'{(digest.Length <= 80 ? digest : digest[..77] + "...")}' (algorithm:hex, sha256 with 64 hex digits)",
                (int)response.StatusCode);
        }

        return new ManifestHead(digest, contentType, response.Content.Headers.ContentLength);
    }

    /// <summary>
    /// Every tag of a repository, page by page (<c>n</c> and <c>last</c>, following the <c>Link</c> header);
    /// empty when the registry does not know the repository.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(Uri registry, string repository, CancellationToken cancellationToken, int pageSize = DefaultPageSize)
    {
        var tags = new List<string>();
        var next = new Uri(registry, $"v2/{repository}/tags/list?n={pageSize}");
        var seen = new HashSet<Uri>();
        while (next is not null && seen.Add(next))
        {
            if (seen.Count > MaxPages)
            {
                throw new RegistryException($"registry {registry.Authority} lists more than {MaxPages} pages of tags for {repository}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await SendAsync(request, registry, repository + " (tag list)", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && seen.Count == 1)
            {
                return [];
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RegistryException(
                    $"registry {registry.Authority} answered {(int)response.StatusCode} {response.ReasonPhrase} to the tag list of {repository}" + RetryHint(response),
                    (int)response.StatusCode);
            }

            var contentType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                throw new RegistryException(
                    $"registry {registry.Authority} answered the tag list of {repository} with {contentType}, not JSON", (int)response.StatusCode);
            }

            tags.AddRange(await ReadTagsAsync(response, registry, repository, http.Timeout, cancellationToken));
            next = NextPage(response, next);
        }

        return tags;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri registry, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryException($"registry {registry.Authority} could not be reached for {what}: {e.Message}", null, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"registry {registry.Authority} did not answer in time for {what}", null, e);
        }
        catch (RegistryException e)
        {
            // From a handler (token service, rate limit, plain http): add the image it was for.
            throw new RegistryException($"{e.Message} (for {what})", e.StatusCode, e);
        }
    }

    /// <summary>One page of tags, read within <paramref name="timeout"/> (the client's own only covers the headers) and at most <see cref="MaxTagListPageBytes"/>.</summary>
    private static async Task<IEnumerable<string>> ReadTagsAsync(
        HttpResponseMessage response, Uri registry, string repository, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(timeout);
        if (response.Content.Headers.ContentLength > MaxTagListPageBytes)
        {
            throw TooLarge(registry, repository, (int)response.StatusCode);
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(reading.Token);
            using var page = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, reading.Token)) > 0)
            {
                if (page.Length + read > MaxTagListPageBytes)
                {
                    throw TooLarge(registry, repository, (int)response.StatusCode);
                }

                page.Write(chunk, 0, read);
            }

            using var document = JsonDocument.Parse(page.GetBuffer().AsMemory(0, (int)page.Length));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("the document is not an object");
            }

            return document.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Select(t => t.GetString()).OfType<string>()]
                : [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new RegistryException($"registry {registry.Authority} answered an unreadable tag list for {repository}: {e.Message}", (int)response.StatusCode, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new RegistryException($"registry {registry.Authority} broke off the tag list of {repository}: {e.Message}", (int)response.StatusCode, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"registry {registry.Authority} did not send the tag list of {repository} within {timeout.TotalSeconds:0} s", (int)response.StatusCode, e);
        }
    }

    private static RegistryException TooLarge(Uri registry, string repository, int status) =>
        new($"registry {registry.Authority} answered a page of the tag list of {repository} larger than {MaxTagListPageBytes / (1024 * 1024)} MiB", status);

    /// <summary>The <c>Link: &lt;/v2/...?n=100&amp;last=x&gt;; rel="next"</c> page, relative to the page just read.</summary>
    private static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var match = NextLinkPattern().Match(link);
            if (match.Success && Uri.TryCreate(current, match.Groups["target"].Value, out var target))
            {
                return target;
            }
        }

        return null;
    }

    private static string RetryHint(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retry ? $" (retry after {retry})" : "";

    [GeneratedRegex("""<(?<target>[^>]+)>\s*;\s*rel="?next"?""", RegexOptions.IgnoreCase)]
    private static partial Regex NextLinkPattern();

}

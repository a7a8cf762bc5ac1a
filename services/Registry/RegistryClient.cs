using System.Net;
using System.Net.Http.Headers;

namespace Platform.Registry;

/// <summary>The parts of the OCI distribution API that Platform uses.</summary>
public sealed partial class RegistryClient(HttpClient http)
{
    /// <summary>
    /// The digest a tag points at, by a HEAD request (which costs no pull quota), or null when the
    /// registry does not know the tag.
    /// </summary>
    public async Task<string?> GetDigestAsync(Uri registry, string repository, string tag, CancellationToken cancellationToken)
    {
        var uri = new Uri(registry, $"v2/{repository}/manifests/{Uri.EscapeDataString(tag)}");
        using var request = new HttpRequestMessage(HttpMethod.Head, uri);
        foreach (var mediaType in ManifestMediaTypes.All)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryException($"registry {registry.Authority} could not be reached for {repository}:{tag}: {e.Message}", null, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"registry {registry.Authority} did not answer in time for {repository}:{tag}", null, e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RegistryException(
                    $"registry {registry.Authority} answered {(int)response.StatusCode} {response.ReasonPhrase} to HEAD {repository}:{tag}",
                    (int)response.StatusCode);
            }

            if (!response.Headers.TryGetValues("Docker-Content-Digest", out var values) || values.FirstOrDefault() is not { } digest
                || !digest.Contains(':'))
            {
                throw new RegistryException(
                    $"registry {registry.Authority} answered HEAD {repository}:{tag} without a Docker-Content-Digest header",
                    (int)response.StatusCode);
            }

            return digest;
        }
    }
}

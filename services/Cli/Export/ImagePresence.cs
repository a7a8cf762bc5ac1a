using System.Net;

namespace Platform.Cli.Export;

/// <summary>
/// <c>--check-images</c>: asks each image's registry whether it has the image (a HEAD of its manifest, by digest or tag), so an
/// export never names an image that was never pushed. A registry on loopback is asked over HTTP, any other over HTTPS;
/// no credentials are sent (a registry that wants them is named, and the export stops).
/// </summary>
public static class ImagePresence
{
    private static readonly string[] Accept =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    public static async Task CheckAsync(PlatformImages images, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (service, image) in images.References.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var slash = image.Name.IndexOf('/', StringComparison.Ordinal);
            var host = image.Name[..slash];
            var scheme = host.StartsWith("127.", StringComparison.Ordinal) || host.StartsWith("localhost", StringComparison.Ordinal) || host.StartsWith("[::1]", StringComparison.Ordinal) ? "http" : "https";
            var uri = new Uri($"{scheme}://{host}/v2/{image.Name[(slash + 1)..]}/manifests/{image.Digest ?? image.Tag}");
            using var request = new HttpRequestMessage(HttpMethod.Head, uri);
            foreach (var type in Accept)
            {
                request.Headers.Accept.ParseAdd(type);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw CommandLineException.Failed($"--check-images: the registry {host} did not answer HEAD {uri}: {e.Message}");
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        continue;
                    case HttpStatusCode.NotFound:
                        throw new CommandLineException($"--check-images: Platform's image for {service}, {image}, is not in its registry (HEAD {uri} answered 404): it was never pushed there (run scripts/platform-images.sh)");
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        throw CommandLineException.Failed($"--check-images: the registry {host} wants credentials to answer HEAD {uri} ({(int)response.StatusCode}); check {image} yourself and export without --check-images");
                    default:
                        throw CommandLineException.Failed($"--check-images: HEAD {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }
            }
        }
    }
}

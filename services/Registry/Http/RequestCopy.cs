namespace Platform.Registry.Http;

/// <summary>A request sent again (after a challenge or a 429) is a copy: a sent request message is not reused.</summary>
internal static class RequestCopy
{
    public static HttpRequestMessage Of(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
            // Buffered by the handlers before the first send, so it can be sent again.
            Content = request.Content,
        };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (key, value) in request.Options)
        {
            copy.Options.TryAdd(key, value);
        }

        return copy;
    }

    /// <summary>The repository a /v2/&lt;name&gt;/manifests|blobs|tags/ request is about, or null.</summary>
    public static string? RepositoryOf(Uri? uri)
    {
        var path = uri?.AbsolutePath ?? "";
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var marker in new[] { "/manifests/", "/blobs/", "/tags/" })
        {
            var end = path.LastIndexOf(marker, StringComparison.Ordinal);
            if (end > 4)
            {
                return path[4..end];
            }
        }

        return null;
    }

    /// <summary>"registry 127.0.0.1:5000 (team/app)": what an error about this request names.</summary>
    public static string Describe(HttpRequestMessage request) =>
        $"registry {request.RequestUri?.Authority}" + (RepositoryOf(request.RequestUri) is { } repository ? $" ({repository})" : "");
}

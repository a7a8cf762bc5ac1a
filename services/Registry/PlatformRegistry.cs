namespace Platform.Registry;

/// <summary>The registry Platform pushes to and watches, from the <c>registry</c> connection string.</summary>
/// <param name="BaseUri">HTTP(S) address of the registry's API, for example http://127.0.0.1:5000/.</param>
public sealed record PlatformRegistry(Uri BaseUri)
{
    public const string ConnectionName = "registry";

    /// <summary>The registry as it is written in image references: host and port.</summary>
    public string Host => BaseUri.IsDefaultPort ? BaseUri.Host : $"{BaseUri.Host}:{BaseUri.Port}";

    public string Reference(string repository, string tagOrDigest) =>
        tagOrDigest.StartsWith("sha256:", StringComparison.Ordinal)
            ? $"{Host}/{repository}@{tagOrDigest}"
            : $"{Host}/{repository}:{tagOrDigest}";

    public static PlatformRegistry Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionName}' is missing: set it to the registry's address, " +
                "for example http://127.0.0.1:5000 (the AppHost sets it for you).");
        }

        var text = connectionString.Contains("://", StringComparison.Ordinal) ? connectionString : "https://" + connectionString;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionName}' ('{connectionString}') is not an http(s) address of a registry.");
        }

        return new PlatformRegistry(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"));
    }
}

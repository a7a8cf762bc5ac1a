using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Platform.Registry;

/// <summary>
/// An image reference normalized the way Docker does: <c>python:3.12-slim</c> is
/// <c>docker.io/library/python:3.12-slim</c>; <c>host:5000/a/b:tag@sha256:...</c> keeps its host, tag and digest.
/// </summary>
/// <param name="Registry">The registry as references write it: <c>docker.io</c>, <c>ghcr.io</c>, <c>127.0.0.1:5000</c>.</param>
/// <param name="Repository">The repository path inside the registry: <c>library/python</c>, <c>team/app</c>.</param>
/// <param name="Tag">The tag; <c>latest</c> when the reference names neither a tag nor a digest (as <c>docker pull</c> does).</param>
/// <param name="Digest">The digest after <c>@</c>, or null.</param>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>How references write Docker Hub.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The host that answers Docker Hub's distribution API.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    public const string DefaultTag = "latest";

    /// <summary>The host that answers the distribution API for <see cref="Registry"/>: <c>registry-1.docker.io</c> for Docker Hub.</summary>
    public string ApiHost => ApiHostOf(Registry);

    /// <summary>Registry and repository, without tag or digest: <c>docker.io/library/python</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string reference) =>
        TryParse(reference, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? parsed) =>
        TryParse(reference, out parsed, out _);

    public static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? parsed, out string error)
    {
        parsed = null;
        var text = reference?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "an image reference is empty";
            return false;
        }

        string? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
            if (!DigestPattern().IsMatch(digest) || (digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length != 71))
            {
                error = $"'{reference}' has an invalid digest '{digest}'";
                return false;
            }
        }

        string? tag = null;
        var colon = text.LastIndexOf(':');
        if (colon > text.LastIndexOf('/'))
        {
            tag = text[(colon + 1)..];
            text = text[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"'{reference}' has an invalid tag '{tag}'";
                return false;
            }
        }

        var (registry, repository) = SplitRegistry(text);
        if (!DomainPattern().IsMatch(registry))
        {
            error = $"'{reference}' has an invalid registry host '{registry}'";
            return false;
        }

        if (repository.Length == 0 || !repository.Split('/').All(PathComponentPattern().IsMatch))
        {
            error = repository.Any(char.IsUpper)
                ? $"'{reference}': repository name must be lowercase"
                : $"'{reference}' has an invalid repository name '{repository}'";
            return false;
        }

        if (registry.Length + 1 + repository.Length > 255)
        {
            error = $"'{reference}': repository name must not be longer than 255 characters";
            return false;
        }

        parsed = new ImageReference(registry, repository, tag ?? (digest is null ? DefaultTag : null), digest);
        error = "";
        return true;
    }

    /// <summary>Whether <paramref name="tag"/> is a valid tag (<c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>).</summary>
    public static bool IsTag(string tag) => TagPattern().IsMatch(tag);

    /// <summary>Whether <paramref name="digest"/> is <c>algorithm:encoded</c>, with 64 lowercase hex digits for sha256 and 128 for sha512.</summary>
    public static bool IsDigest(string digest) =>
        DigestPattern().IsMatch(digest) && digest.Split(':', 2) switch
        {
            ["sha256", var hex] => hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower),
            ["sha512", var hex] => hex.Length == 128 && hex.All(char.IsAsciiHexDigitLower),
            _ => true,
        };

    /// <summary>Whether <paramref name="repository"/> is a repository path inside a registry (<c>team/app</c>): lowercase components, at most 255 characters.</summary>
    public static bool IsRepositoryPath(string repository) =>
        repository.Length is > 0 and <= 255 && repository.Split('/').All(PathComponentPattern().IsMatch);

    /// <summary>Whether <paramref name="registry"/> is a registry host as references write it (<c>ghcr.io</c>, <c>127.0.0.1:5000</c>).</summary>
    public static bool IsRegistryHost(string registry) => registry.Length <= 255 && DomainPattern().IsMatch(registry);

    /// <summary>The API host of a registry as references write it (Docker Hub's aliases become <c>registry-1.docker.io</c>).</summary>
    public static string ApiHostOf(string registry) => IsDockerHub(registry) ? DockerHubApiHost : registry;

    /// <summary>Whether this reference names <paramref name="repository"/> in <paramref name="registry"/>, whichever alias of Docker Hub is used.</summary>
    public bool IsRepository(string registry, string repository) =>
        Repository == repository && (Registry == registry || (IsDockerHub(Registry) && IsDockerHub(registry)));

    public static bool IsDockerHub(string registry) =>
        registry is DockerHub or DockerHubApiHost or "index.docker.io";

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Docker's rule: the first component is a host when it has a dot or a port, or is localhost, or has capitals.</summary>
    private static (string Registry, string Repository) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/');
        string registry, repository;
        if (slash < 0)
        {
            (registry, repository) = (DockerHub, name);
        }
        else
        {
            var first = name[..slash];
            var isHost = first.Contains('.') || first.Contains(':') || first == "localhost" || first != first.ToLowerInvariant();
            (registry, repository) = isHost ? (first, name[(slash + 1)..]) : (DockerHub, name);
        }

        if (registry == "index.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !repository.Contains('/'))
        {
            repository = "library/" + repository;
        }

        return (registry, repository);
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();
}

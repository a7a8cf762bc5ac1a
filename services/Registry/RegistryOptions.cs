namespace Platform.Registry;

/// <summary>
/// How Platform talks to each registry (section <c>Registries</c>, a list): credentials, plain-HTTP
/// permission, a mirror, and limits on requests. A registry that is not listed gets the defaults.
/// Secrets come from user secrets or environment variables (<c>Registries__0__Password</c>) and are never logged.
/// </summary>
public sealed class RegistryOptions
{
    public const string Section = "Registries";

    public List<RegistryHostOptions> Hosts { get; } = [];

    /// <summary>The settings of a registry host (Docker Hub's aliases match each other), or the defaults.</summary>
    public RegistryHostOptions For(string host) =>
        Hosts.FirstOrDefault(h => string.Equals(h.Host, host, StringComparison.OrdinalIgnoreCase))
        ?? (ImageReference.IsDockerHub(host) ? Hosts.FirstOrDefault(h => ImageReference.IsDockerHub(h.Host)) : null)
        ?? new RegistryHostOptions { Host = host };
}

/// <summary>One registry of <see cref="RegistryOptions"/>.</summary>
public sealed class RegistryHostOptions
{
    public const int DefaultMaxConcurrentRequests = 8;
    public const double DefaultRequestsPerSecond = 50;

    /// <summary>The registry as references write it (<c>ghcr.io</c>, <c>docker.io</c>, <c>127.0.0.1:5000</c>).</summary>
    public string Host { get; set; } = "";

    /// <summary>User name for basic auth and for the token service of a bearer challenge.</summary>
    public string? Username { get; set; }

    /// <summary>Password (or personal access token used as one) for <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>A bearer token sent as it is, instead of a user name and password.</summary>
    public string? Token { get; set; }

    /// <summary>Allow plain HTTP to this registry although it is not on loopback.</summary>
    public bool Insecure { get; set; }

    /// <summary>An address to read this registry's images from instead (for example a pull-through cache for docker.io).</summary>
    public Uri? Mirror { get; set; }

    /// <summary>Requests in flight at once to this registry.</summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>Requests per second to this registry; 0 means no limit. Registries on loopback have none unless set.</summary>
    public double? RequestsPerSecond { get; set; }

    internal bool HasCredentials => Token is { Length: > 0 } || (Username is { Length: > 0 } && Password is not null);
}

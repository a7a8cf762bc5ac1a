using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Registry;

namespace Platform.Engine;

/// <summary>
/// The credentials the engine needs for a registry (pushes, pulls, a build's FROM), from the same
/// <c>Registries</c> settings as Platform's own registry client. Never logged.
/// </summary>
public sealed class RegistryCredentials(IOptions<RegistryOptions> options)
{
    /// <summary>The engine's auth for a registry host; empty (anonymous) when none is configured.</summary>
    public AuthConfig For(string host)
    {
        var settings = options.Value.For(host);
        return new AuthConfig
        {
            ServerAddress = host,
            Username = settings.Username,
            Password = settings.Password,
            RegistryToken = settings.Token,
        };
    }

    /// <summary>The auth of the given registries and of every configured one, once each, as a build needs for the images it starts from.</summary>
    public IReadOnlyList<AuthConfig> ForBuild(params string[] hosts) =>
        [.. hosts.Concat(options.Value.Hosts.Select(h => h.Host)).Distinct(StringComparer.OrdinalIgnoreCase).Select(For)];
}
